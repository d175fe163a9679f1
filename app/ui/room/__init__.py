"""The room's view: what the projector shows, reflowed for the back row."""
