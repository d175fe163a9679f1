"""The phones' web application: the page, joining, and what a joined phone may read.

``GET /`` is the page (``static/``), ``POST /api/join`` exchanges the join token for a
device cookie. Everything else a joined phone asks (``GET /api/state``, and the
changes ``POST /api/name``, ``/api/idea``, ``/api/dot``, ``/api/rate``, ``/api/rank``,
``/api/done``) is handed to the :class:`~app.web.desk.Desk` as a
:class:`~app.web.desk.PhoneCall` and answered as the desk says. A rating's or a place's
body must have its shape (:data:`SHAPES`) or it is refused 400 before the desk hears of
it; what it may do is the desk's to say. Every response carries a strict
Content-Security-Policy: the page runs its own script and style sheet and nothing else.
The rules every request meets first are in :mod:`app.web.guards`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from importlib import resources

from aiohttp import web
from aiohttp.typedefs import Handler

from app.web import guards
from app.web.desk import CallKind, ClosedDesk, Desk, PhoneCall
from app.web.rate import RateLimiter
from app.web.tokens import RoomFull, Tokens

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
"""The page's own files only: no inline script or style, no other site, never in a frame."""
STATE_PATH = "/api/state"
CHANGES = {
    "/api/name": CallKind.NAME,
    "/api/idea": CallKind.IDEA,
    "/api/dot": CallKind.DOT,
    "/api/rate": CallKind.RATE,
    "/api/rank": CallKind.RANK,
    "/api/done": CallKind.DONE,
}
"""The paths a joined phone posts a change to, and the call each becomes."""


def _texts(body: Mapping[str, object], *keys: str) -> bool:
    return all(isinstance(body.get(key), str) for key in keys)


def _whole_or_null(body: Mapping[str, object], key: str) -> bool:
    """``key`` is there and is a whole number or null (JSON's true is not a number here)."""
    return key in body and (body[key] is None or type(body[key]) is int)


def _is_rating(body: Mapping[str, object]) -> bool:
    return _texts(body, "round_id", "item_id", "criterion_id") and _whole_or_null(body, "value")


def _is_place(body: Mapping[str, object]) -> bool:
    return _texts(body, "round_id", "item_id") and _whole_or_null(body, "position")


SHAPES: dict[str, tuple[Callable[[Mapping[str, object]], bool], str]] = {
    "/api/rate": (
        _is_rating,
        "Send a rating as round_id, item_id and criterion_id (text) and a whole-number "
        "value, or null to clear it.",
    ),
    "/api/rank": (
        _is_place,
        "Send a place as round_id and item_id (text) and a whole-number position, "
        "or null to take the item out.",
    ),
}
"""The changes whose body has a fixed shape, checked here, and the one line a wrong one gets."""
_FILES = {
    "/": ("index.html", "text/html"),
    "/page.js": ("page.js", "text/javascript"),
    "/ballot.js": ("ballot.js", "text/javascript"),
    "/page.css": ("page.css", "text/css"),
    "/icon.svg": ("icon.svg", "image/svg+xml"),
}
"""The page's own paths and the packaged file each serves."""
TOKENS_KEY = web.AppKey("tokens", Tokens)
DESK_KEY = web.AppKey("desk", Desk)


def make_app(
    address: str,
    port: int,
    tokens: Tokens,
    *,
    desk: Desk | None = None,
    limiter: RateLimiter | None = None,
) -> web.Application:
    """The application served at ``http://address:port/``, joined with ``tokens``.

    ``desk`` answers what phones ask (a :class:`ClosedDesk` if None); ``limiter`` counts
    each phone's requests (a fresh :class:`RateLimiter` if None).
    """
    app = web.Application(
        client_max_size=guards.MAX_BODY_BYTES,
        middlewares=[
            guards.refusals,
            guards.exact_host(address, port),
            guards.rate_limit(limiter or RateLimiter(), tokens),
            guards.known_paths({*_FILES, guards.JOIN_PATH, STATE_PATH, *CHANGES}),
            guards.writes_and_devices(address, port, tokens),
        ],
    )
    app[TOKENS_KEY] = tokens
    app[DESK_KEY] = desk or ClosedDesk()
    static = resources.files("app.web.static")
    for path, (name, content_type) in _FILES.items():
        app.router.add_get(path, _file((static / name).read_bytes(), content_type))
    app.router.add_post(guards.JOIN_PATH, _join)
    app.router.add_get(STATE_PATH, _state)
    for path in CHANGES:
        app.router.add_post(path, _change)
    app.on_response_prepare.append(_security_headers)
    return app


def _file(body: bytes, content_type: str) -> Handler:
    """A handler that answers one packaged file, read once."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type=content_type, charset="utf-8")

    return handler


async def _json_object(request: web.Request) -> dict[str, object]:
    """The request's body as a JSON object; 400 with one sentence if it is not one."""
    try:
        sent = json.loads(await request.text())
    except (ValueError, RecursionError, LookupError):
        # Not JSON, not text, nested too deep, a number too long, an unknown charset.
        raise web.HTTPBadRequest(text="Send the request as JSON.") from None
    if not isinstance(sent, dict):
        raise web.HTTPBadRequest(text="Send the request as a JSON object.")
    return sent


async def _join(request: web.Request) -> web.Response:
    """Exchange the join token for a device cookie (HttpOnly, SameSite=Strict); 403 if wrong."""
    candidate = (await _json_object(request)).get("token")
    if not isinstance(candidate, str):
        raise web.HTTPBadRequest(text="Send the token as JSON.")
    tokens = request.app[TOKENS_KEY]
    try:
        cookie = tokens.join(candidate)
    except RoomFull as full:
        raise web.HTTPServiceUnavailable(text=str(full)) from None
    device = tokens.device_of(cookie)
    if cookie is None or device is None:
        raise web.HTTPForbidden(text="This join address is no longer valid: scan the room's code.")
    await request.app[DESK_KEY].ask(PhoneCall(device, CallKind.JOINED))
    response = web.json_response({"joined": True})
    response.set_cookie(guards.DEVICE_COOKIE, cookie, httponly=True, samesite="Strict", path="/")
    return response


async def _state(request: web.Request) -> web.Response:
    """What a joined phone shows now, as the desk says (the guards let only a joined phone in)."""
    return await _answer(request, PhoneCall(request[guards.DEVICE_KEY], CallKind.STATE))


async def _change(request: web.Request) -> web.Response:
    """A change from a joined phone, handed to the desk as the call its path names."""
    body = await _json_object(request)
    shape = SHAPES.get(request.path)
    if shape is not None and not shape[0](body):
        raise web.HTTPBadRequest(text=shape[1])
    call = PhoneCall(request[guards.DEVICE_KEY], CHANGES[request.path], body)
    return await _answer(request, call)


async def _answer(request: web.Request, call: PhoneCall) -> web.Response:
    """The desk's answer to ``call`` as a JSON response."""
    answer = await request.app[DESK_KEY].ask(call)
    return web.json_response(dict(answer.body), status=answer.status)


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Put the page's security headers on every response, refusals included."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
