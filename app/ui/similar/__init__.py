"""Similar ideas in the session window: the capture hint, the list, stacks, suggestions."""
