"""A phone as the tests play it: real HTTP to the window's phones' server, off its thread.

The window's thread answers every call the server hands it, so a request cannot be
made from that thread and waited for there: each one runs on a worker thread while
the test waits with ``qtbot.waitUntil``, the event loop turning meanwhile.
"""

from __future__ import annotations

import http.client
import json
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pytestqt.qtbot import QtBot

from app.ui.session_window import SessionWindow
from app.web.guards import DEVICE_COOKIE
from tests.ui.round_helpers import person

_WORKERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="test-phone")


@dataclass
class Answer:
    """A response: its status and its JSON body (None if it had none)."""

    status: int
    data: Any


@dataclass
class Phone:
    """One phone that joined through ``join_address`` (``http://HOST:PORT/#t=TOKEN``)."""

    qtbot: QtBot
    join_address: str
    cookie: str | None = None
    host: str = field(init=False)
    port: int = field(init=False)

    def __post_init__(self) -> None:
        parts = urlsplit(self.join_address)
        assert parts.hostname and parts.port
        self.host, self.port = parts.hostname, parts.port

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _request(
        self, method: str, path: str, body: Any, headers: dict[str, str]
    ) -> tuple[Answer, str | None]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            # As a browser's JSON.stringify: UTF-8 as it is, not \\u escapes.
            data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
            sent = {"Host": f"{self.host}:{self.port}", **headers}
            if data is not None:
                sent["Content-Type"] = "application/json"
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            raw = response.read()
            cookie = response.getheader("Set-Cookie")
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = raw.decode("utf-8", "replace")
            return Answer(response.status, parsed), cookie
        finally:
            connection.close()

    def ask(self, method: str, path: str, body: Any = None, **headers: str) -> Answer:
        """Send one request and wait for it with the event loop turning."""
        sent = dict(headers)
        if self.cookie and "Cookie" not in sent:
            sent["Cookie"] = f"{DEVICE_COOKIE}={self.cookie}"
        if method == "POST":
            sent.setdefault("Origin", self.origin)
        future: Future[tuple[Answer, str | None]] = _WORKERS.submit(
            self._request, method, path, body, sent
        )
        self.qtbot.waitUntil(future.done, timeout=30_000)
        answer, cookie = future.result()
        if cookie and cookie.startswith(f"{DEVICE_COOKIE}="):
            self.cookie = cookie.split(";")[0].split("=", 1)[1]
        return answer

    def join(self) -> Answer:
        token = urlsplit(self.join_address).fragment.removeprefix("t=")
        return self.ask("POST", "/api/join", {"token": token})

    def state(self) -> Any:
        answer = self.ask("GET", "/api/state")
        assert answer.status == 200, answer
        return answer.data

    def pick(self, person_id: str | None) -> Answer:
        return self.ask("POST", "/api/name", {"person_id": person_id})

    def idea(self, text: str) -> Answer:
        return self.ask("POST", "/api/idea", {"text": text})

    def dot(self, round_id: str, item_id: str, change: int = 1) -> Answer:
        return self.ask(
            "POST", "/api/dot", {"round_id": round_id, "item_id": item_id, "change": change}
        )

    def done(self, round_id: str) -> Answer:
        return self.ask("POST", "/api/done", {"round_id": round_id})


def joined_phone(qtbot: QtBot, window: SessionWindow, name: str | None = None) -> Phone:
    """A phone that joined the window's room by its address, as ``name`` if one is given."""
    address = window.phones.join_address
    assert address is not None
    phone = Phone(qtbot, address)
    assert phone.join().status == 200
    if name is not None:
        assert phone.pick(person(window, name)).status == 200
    return phone
