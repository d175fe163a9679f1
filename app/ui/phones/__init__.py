"""Phones in the room, on the window's side: the desk, the bridge, the panel, the switch."""
