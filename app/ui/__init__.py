"""The PySide6 user interface. Only :mod:`app.cli` imports this package."""
