"""Running the phones' server: one address, a free port, its own thread and event loop.

:class:`PhoneServer` binds one IPv4 address of the laptop (never every interface) in
the caller's thread, so a wrong address fails at once with one sentence; the
application then runs on a daemon thread with an asyncio loop of its own. ``start()``
returns once the server listens; ``stop()`` closes it, joins the thread and frees
the port. With no request for ``idle_timeout``, the server stops by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from aiohttp import web

from app.web import guards
from app.web.app import make_app
from app.web.connections import ConnectionLimits
from app.web.desk import Desk
from app.web.rate import RateLimiter
from app.web.serving import IDLE_TIMEOUT, checked_address
from app.web.tokens import Tokens

_IDLE_CHECK_SECONDS = 1.0
"""How often the server looks at its clock to see whether it has been idle long enough."""
KEEPALIVE_SECONDS = 15.0
"""An idle connection is closed after this long (aiohttp's own default is an hour)."""
_START_TIMEOUT = 30.0
"""Seconds ``start()`` waits for the loop to listen before it gives up."""


class PhoneServer:
    """The phones' web server on ``address`` (a port of the system's choice when ``port`` is 0)."""

    def __init__(
        self,
        address: str,
        port: int = 0,
        *,
        tokens: Tokens | None = None,
        desk: Desk | None = None,
        on_stopped: Callable[[], None] | None = None,
        idle_timeout: timedelta = IDLE_TIMEOUT,
        limiter: RateLimiter | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Serve on ``address``; nothing is bound before :meth:`start`.

        ``desk`` answers what the phones ask (see :mod:`app.web.desk`); ``on_stopped``
        is called on the server's thread once it has stopped, whatever stopped it.

        ``idle_timeout`` is measured on ``clock`` (seconds), from the last request
        answered that was not refused.
        """
        self.address = checked_address(address)
        self.tokens = tokens or Tokens()
        self._desk = desk
        self.connections = ConnectionLimits(guards.log)
        """The caps on open connections (tests may lower them before :meth:`start`)."""
        self._on_stopped = on_stopped
        self._wanted_port = port
        self._idle_seconds = idle_timeout.total_seconds()
        self._limiter = limiter
        self._clock = clock
        self._port: int | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._listening = threading.Event()
        self._stopped = threading.Event()
        self._failure: BaseException | None = None
        self._last_request = clock()

    @property
    def port(self) -> int:
        """The port served (the system's choice when 0 was asked); RuntimeError before start()."""
        if self._port is None:
            raise RuntimeError("The phones' server has not started.")
        return self._port

    @property
    def running(self) -> bool:
        """Whether the server is listening."""
        return self._listening.is_set() and not self._stopped.is_set()

    @property
    def idle_seconds(self) -> float:
        """Seconds (on the server's clock) since the last request answered that was not refused."""
        return self._clock() - self._last_request

    def join_address(self) -> str:
        """The address a phone opens to join: ``http://ADDRESS:PORT/#t=TOKEN``."""
        return f"http://{self.address}:{self.port}/#t={self.tokens.token}"

    def start(self) -> None:
        """Bind the address and serve on a thread of its own; returns once it listens.

        A server starts once: after :meth:`stop`, make a new one.

        OSError (the address is not this computer's, the port is taken) comes from here.
        """
        if self._thread is not None:
            raise RuntimeError("The phones' server is already started.")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.address, self._wanted_port))
            sock.listen(128)
            sock.setblocking(False)
        except BaseException:
            sock.close()
            raise
        self._port = sock.getsockname()[1]
        self._last_request = self._clock()
        self._loop = asyncio.new_event_loop()
        self._stopping = asyncio.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(self._loop, self._stopping, sock),
            name="dotstorm-phones",
            daemon=True,
        )
        self._thread.start()
        if not self._listening.wait(_START_TIMEOUT) and self._failure is None:
            self.stop()
            raise RuntimeError("The phones' server did not start in time.")
        if self._failure is not None:
            self._thread.join()
            raise RuntimeError("The phones' server could not start.") from self._failure

    def stop(self) -> None:
        """Stop serving, join the thread and free the port; nothing if not running."""
        thread, loop, stopping = self._thread, self._loop, self._stopping
        if thread is None:
            return
        if loop is not None and stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed on its own
                loop.call_soon_threadsafe(stopping.set)
        thread.join()

    def wait_stopped(self, timeout: float | None = None) -> bool:
        """Wait until the server has stopped (by stop() or idleness); False on timeout."""
        return self._stopped.wait(timeout)

    def _run(
        self, loop: asyncio.AbstractEventLoop, stopping: asyncio.Event, sock: socket.socket
    ) -> None:
        """The thread's body: its own loop, serving until told to stop or idle."""
        try:
            loop.run_until_complete(self._serve(stopping, sock))
        except BaseException as error:  # handed to start(), which raises it
            self._failure = error
        finally:
            sock.close()
            loop.close()
            self._stopped.set()
            self._listening.set()
            if self._on_stopped is not None:
                self._on_stopped()

    async def _serve(self, stopping: asyncio.Event, sock: socket.socket) -> None:
        """Serve the application until :meth:`stop` or ``idle_timeout`` without a request."""
        app = make_app(
            self.address, self.port, self.tokens, desk=self._desk, limiter=self._limiter
        )
        app.on_response_prepare.append(self._seen)
        # aiohttp's own errors (a malformed request) go through the masked log, not stderr.
        # An idle connection goes after KEEPALIVE_SECONDS: phones poll more often than that.
        runner = web.AppRunner(
            app,
            access_log=None,
            handle_signals=False,
            shutdown_timeout=1.0,
            logger=guards.log,
            keepalive_timeout=KEEPALIVE_SECONDS,
        )
        await runner.setup()
        server = runner.server
        assert server is not None
        listening = await asyncio.get_running_loop().create_server(
            self.connections.wrap(server), sock=sock
        )
        try:
            self._listening.set()
            while not stopping.is_set():
                left = self._idle_seconds - (self._clock() - self._last_request)
                if left <= 0:
                    break
                with contextlib.suppress(TimeoutError):  # the clock is looked at again
                    await asyncio.wait_for(stopping.wait(), timeout=min(left, _IDLE_CHECK_SECONDS))
        finally:
            listening.close()
            await runner.cleanup()

    async def _seen(self, request: web.Request, response: web.StreamResponse) -> None:
        """Note a request answered (not a refusal): the idle time counts from here."""
        if response.status < 400:
            self._last_request = self._clock()
