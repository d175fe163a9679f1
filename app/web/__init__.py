"""Phones in the room: the small web server the attendees' phones talk to.

It knows no Qt and no database (an import-linter contract in ``pyproject.toml``): the
window will hand it what a phone may see and take from it what a phone does. aiohttp
is imported only inside this package, so Dotstorm starts no slower with phones off.
"""
