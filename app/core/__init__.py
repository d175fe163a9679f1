"""The rules of a brainstorm: types, limits, validation and the session file format.

Nothing here imports Qt, SQLAlchemy or ReportLab, and nothing here does I/O beyond
reading the package's own schema file.
"""
