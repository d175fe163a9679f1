"""The phones' page: its HTML, script and style sheet, served as they are by :mod:`app.web.app`."""
