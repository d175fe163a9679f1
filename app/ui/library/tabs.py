"""The library's pages, in tab order: a leaf, named before Qt's widgets load."""

SESSIONS_TAB, BACKLOG_TAB, GOALS_TAB = 0, 1, 2
