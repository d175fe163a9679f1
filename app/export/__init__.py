"""Exports of a session snapshot: the session file (JSON) now; the minutes come later."""
