"""The phones' web application: the page, joining, and what a joined phone may read.

``GET /`` is the page (``static/``), ``POST /api/join`` exchanges the join token for a
device cookie, ``GET /api/state`` answers a joined phone. Every response carries a
strict Content-Security-Policy: the page runs its own script and style sheet and
nothing else. The rules every request meets first are in :mod:`app.web.guards`.
"""

from __future__ import annotations

import json
from importlib import resources

from aiohttp import web
from aiohttp.typedefs import Handler

from app.web import guards
from app.web.rate import RateLimiter
from app.web.tokens import Tokens

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
"""The page's own files only: no inline script or style, no other site, never in a frame."""
STATE_PATH = "/api/state"
_FILES = {
    "/": ("index.html", "text/html"),
    "/page.js": ("page.js", "text/javascript"),
    "/page.css": ("page.css", "text/css"),
}
"""The page's own paths and the packaged file each serves."""
TOKENS_KEY = web.AppKey("tokens", Tokens)


def make_app(
    address: str, port: int, tokens: Tokens, *, limiter: RateLimiter | None = None
) -> web.Application:
    """The application served at ``http://address:port/``, joined with ``tokens``.

    ``limiter`` counts each phone's requests (a fresh :class:`RateLimiter` if None).
    """
    app = web.Application(
        client_max_size=guards.MAX_BODY_BYTES,
        middlewares=[
            guards.refusals,
            guards.exact_host(address, port),
            guards.rate_limit(limiter or RateLimiter(), tokens),
            guards.known_paths({*_FILES, guards.JOIN_PATH, STATE_PATH}),
            guards.writes_and_devices(address, port, tokens),
        ],
    )
    app[TOKENS_KEY] = tokens
    static = resources.files("app.web.static")
    for path, (name, content_type) in _FILES.items():
        app.router.add_get(path, _file((static / name).read_bytes(), content_type))
    app.router.add_post(guards.JOIN_PATH, _join)
    app.router.add_get(STATE_PATH, _state)
    app.on_response_prepare.append(_security_headers)
    return app


def _file(body: bytes, content_type: str) -> Handler:
    """A handler that answers one packaged file, read once."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type=content_type, charset="utf-8")

    return handler


async def _join(request: web.Request) -> web.Response:
    """Exchange the join token for a device cookie (HttpOnly, SameSite=Strict); 403 if wrong."""
    try:
        sent = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text="Send the token as JSON.") from None
    candidate = sent.get("token") if isinstance(sent, dict) else None
    if not isinstance(candidate, str):
        raise web.HTTPBadRequest(text="Send the token as JSON.")
    cookie = request.app[TOKENS_KEY].join(candidate)
    if cookie is None:
        raise web.HTTPForbidden(text="This join address is no longer valid: scan the room's code.")
    response = web.json_response({"joined": True})
    response.set_cookie(guards.DEVICE_COOKIE, cookie, httponly=True, samesite="Strict", path="/")
    return response


async def _state(request: web.Request) -> web.Response:
    """What a joined phone sees (the guards let only a joined phone this far)."""
    return web.json_response({"joined": True})


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Put the page's security headers on every response, refusals included."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
