"""Dotstorm's bundled resources: fonts with their licences, icons, the chime, the style sheet.

Installed as the package ``app.resources``; load files through :mod:`app.assets`.
"""
