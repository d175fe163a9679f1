"""Dotstorm: run a live, timed, cross-functional brainstorm from one laptop."""

__version__ = "0.1.0"
