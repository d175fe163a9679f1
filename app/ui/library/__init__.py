"""The library: every session, the backlog across them, and the ways to start one."""
