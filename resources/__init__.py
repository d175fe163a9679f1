"""Dotstorm's bundled resources (icons, styles, later fonts and sounds).

Installed as the package ``app.resources``; load files through :mod:`app.assets`.
"""
