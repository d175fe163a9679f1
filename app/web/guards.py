"""The phones' server's rules, one middleware each, and the one way a request is refused.

In the order a request meets them (the first listed is the outermost):

1. :func:`refusals`: nothing but a plain sentence ever reaches a phone. A refusal is
   logged (logger ``dotstorm.web``) and answered; any other error is logged with its
   traceback and answered 500 with one sentence, never the traceback.
2. :func:`exact_host`: the Host header is exactly ``ADDRESS:PORT`` served, else 421
   (a page of another site, its name re-pointed at this address, is refused: no DNS
   rebinding).
3. :func:`rate_limit`: more than a few requests a second from one phone (by its device
   cookie, or by its address before it has one) get 429.
4. :func:`known_paths`: only the page's own paths are served, else 404 (no directory
   listing, no file beside the page).
5. :func:`writes_and_devices`: a write (POST, PUT, PATCH, DELETE) needs an Origin equal
   to ``http://ADDRESS:PORT``, else 403; a write or any ``/api/`` read needs a known
   device cookie, else 403, but for ``POST /api/join`` (how a phone gets one).

A body larger than :data:`MAX_BODY_BYTES` gets 413 from aiohttp itself, as it is read
(``client_max_size`` on the Application, :func:`app.web.app.make_app`).

No line logged holds a token or a cookie: every one goes through
:func:`app.web.tokens.masked`, its traceback too.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Collection

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler, Middleware

from app.web.rate import RateLimiter
from app.web.tokens import Tokens, masked

LOGGER_NAME = "dotstorm.web"
HTTP_PORT = 80
MAX_BODY_BYTES = 10 * 1024
"""The largest body a phone may send: the longest idea (2,000 characters, up to 4 bytes
each in UTF-8), a dot or a token, with room to spare."""
DEVICE_COOKIE = "dotstorm_device"
JOIN_PATH = "/api/join"
DEVICE_KEY = web.RequestKey("device", str)
"""The joined phone a request comes from (its name, never its cookie), set by the guards."""
WRITE_METHODS = frozenset({hdrs.METH_POST, hdrs.METH_PUT, hdrs.METH_PATCH, hdrs.METH_DELETE})
FAILED = "Something went wrong on the facilitator's laptop; please try again."
"""All a phone is told of an error that is not a refusal."""


class _Masking(logging.Filter):
    """Masks tokens and cookies in a record's message and traceback before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = masked(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = masked("".join(traceback.format_exception(*record.exc_info)))
            record.exc_info = None
        return True


log = logging.getLogger(LOGGER_NAME)
log.addFilter(_Masking())


_LOGGED_PATH = 100
"""Characters of a refused path written to the log: a line stays short and cheap to mask."""


def _path(request: web.Request) -> str:
    """The path asked for, for the log: shortened, and escaped so it is one line of text."""
    path = request.path
    shown = ascii(path[:_LOGGED_PATH])[1:-1]
    return shown if len(path) <= _LOGGED_PATH else f"{shown}…"


def _peer(request: web.Request) -> str:
    """The address a request came from, for the log."""
    return request.remote or "an unknown address"


@web.middleware
async def refusals(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Log every refusal; answer any other error 500 with one sentence, never a traceback."""
    try:
        return await handler(request)
    except web.HTTPException as refusal:
        if refusal.status >= 400:
            log.warning(
                "refused %d %s %s from %s: %s",
                refusal.status,
                request.method,
                _path(request),
                _peer(request),
                refusal.text or refusal.reason,
            )
        raise
    except Exception:
        log.exception("failed %s %s from %s", request.method, _path(request), _peer(request))
        return web.Response(status=500, text=FAILED)


def served_origin(address: str, port: int) -> str:
    """The page's origin as a browser writes it (no ``:80``, HTTP's own port)."""
    return f"http://{address}" if port == HTTP_PORT else f"http://{address}:{port}"


def exact_host(address: str, port: int) -> Middleware:
    """Refuse 421 a request whose Host header is not exactly ``address:port``.

    On port 80 a browser leaves the port out, and the Host is ``address`` alone.
    """
    expected = f"{address}:{port}"
    plain = address if port == HTTP_PORT else expected

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.headers.get(hdrs.HOST) not in (expected, plain):
            raise web.HTTPMisdirectedRequest(text="This server answers only to its own address.")
        return await handler(request)

    return middleware


def rate_limit(limiter: RateLimiter, tokens: Tokens) -> Middleware:
    """Refuse 429 a request beyond what one device (or one address, before joining) may make."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        cookie = request.cookies.get(DEVICE_COOKIE)
        key = f"device:{cookie}" if tokens.knows(cookie) else f"address:{_peer(request)}"
        if not limiter.allow(key):
            raise web.HTTPTooManyRequests(
                text="Too many requests: please wait a moment.", headers={"Retry-After": "1"}
            )
        return await handler(request)

    return middleware


def known_paths(paths: Collection[str]) -> Middleware:
    """Refuse 404 a request for any path but ``paths``, before any route or file is looked at."""
    allowed = frozenset(paths)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path not in allowed:
            raise web.HTTPNotFound(text="Nothing here.")
        return await handler(request)

    return middleware


def writes_and_devices(address: str, port: int, tokens: Tokens) -> Middleware:
    """Refuse 403 a write from another origin; a write or ``/api/`` read from no known phone."""
    origin = served_origin(address, port)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        write = request.method in WRITE_METHODS
        if write and request.headers.get(hdrs.ORIGIN) != origin:
            raise web.HTTPForbidden(text="A change is taken only from this server's own page.")
        joining = request.method == hdrs.METH_POST and request.path == JOIN_PATH
        needs_device = (write or request.path.startswith("/api/")) and not joining
        device = tokens.device_of(request.cookies.get(DEVICE_COOKIE))
        if needs_device and device is None:
            raise web.HTTPForbidden(text="This phone has not joined: scan the room's code.")
        if device is not None:
            request[DEVICE_KEY] = device
        return await handler(request)

    return middleware
