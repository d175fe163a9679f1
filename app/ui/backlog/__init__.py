"""The backlog: actions and ideas from every session, and who contributed them."""
