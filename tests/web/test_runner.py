"""The phones' server on a real socket of 127.0.0.1 (app/web/runner.py), asked with http.client."""

from __future__ import annotations

import http.client
import json
import logging
import socket
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from app.web.desk import PhoneAnswer, PhoneCall
from app.web.guards import DEVICE_COOKIE, FAILED, LOGGER_NAME
from app.web.rate import BURST, RateLimiter
from app.web.runner import PhoneServer
from app.web.tokens import Tokens

LOCAL = "127.0.0.1"


class StillClock:
    """A clock that never moves: a flood stays a flood however slow the machine."""

    def __call__(self) -> float:
        return 0.0


class NamingDesk:
    """Answers every call with the name of the phone that made it."""

    async def ask(self, call: PhoneCall) -> PhoneAnswer:
        return PhoneAnswer.ok({"device": call.device})


@pytest.fixture
def server() -> Iterator[PhoneServer]:
    phones = PhoneServer(LOCAL, desk=NamingDesk(), limiter=RateLimiter(clock=StillClock()))
    phones.start()
    yield phones
    phones.stop()


def ask(
    server: PhoneServer,
    method: str,
    path: str,
    *,
    host: str | None = None,
    origin: str | None = None,
    cookie: str | None = None,
    body: bytes | None = None,
) -> tuple[int, bytes, http.client.HTTPResponse]:
    connection = http.client.HTTPConnection(LOCAL, server.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"{LOCAL}:{server.port}")
        if origin:
            connection.putheader("Origin", origin)
        if cookie:
            connection.putheader("Cookie", f"{DEVICE_COOKIE}={cookie}")
        if body is not None:
            connection.putheader("Content-Type", "application/json")
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read(), response
    finally:
        connection.close()


def origin_of(server: PhoneServer) -> str:
    return f"http://{LOCAL}:{server.port}"


def join(server: PhoneServer, token: str) -> tuple[int, str | None]:
    body = json.dumps({"token": token}).encode()
    status, _, response = ask(server, "POST", "/api/join", origin=origin_of(server), body=body)
    header = response.getheader("Set-Cookie")
    cookie = header.split(";")[0].split("=", 1)[1] if header else None
    return status, cookie


def test_start_returns_listening_on_the_one_address_and_a_port_of_the_systems_choice(
    server: PhoneServer,
):
    assert server.running
    assert server.port > 0
    parts = urlsplit(server.join_address())
    assert (parts.scheme, parts.hostname, parts.port, parts.path) == (
        "http",
        LOCAL,
        server.port,
        "/",
    )
    assert parts.fragment == f"t={server.tokens.token}"
    status, page, _ = ask(server, "GET", "/")
    assert status == 200 and "Joining…".encode() in page
    # Bound to 127.0.0.1 alone: another loopback address of the machine finds nobody.
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.2", server.port), timeout=30).close()


def test_a_phone_joins_through_the_address_and_reads_its_state(server: PhoneServer):
    token = urlsplit(server.join_address()).fragment.removeprefix("t=")
    status, cookie = join(server, token)
    assert status == 200 and cookie
    status, state, _ = ask(server, "GET", "/api/state", cookie=cookie)
    assert (status, json.loads(state)) == (200, {"device": "phone 1"})


def test_hostile_requests_are_refused_and_logged_without_a_secret(
    server: PhoneServer, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    old = server.tokens.token
    status, cookie = join(server, old)
    assert status == 200 and cookie
    right = origin_of(server)
    assert ask(server, "GET", "/", host=f"rebound.example:{server.port}")[0] == 421
    assert ask(server, "POST", "/api/state", origin=right)[0] == 403  # no cookie
    assert ask(server, "GET", "/api/state")[0] == 403  # no cookie
    token_body = json.dumps({"token": old}).encode()
    wrong_origin = ask(server, "POST", "/api/join", origin="http://evil.example", body=token_body)
    assert wrong_origin[0] == 403
    megabyte = json.dumps({"token": old, "pad": "x" * 1024 * 1024}).encode()
    assert ask(server, "POST", "/api/join", origin=right, body=megabyte)[0] == 413
    assert ask(server, "GET", f"/{old}")[0] == 404
    assert ask(server, "GET", "/static/")[0] == 404
    server.tokens.renew()
    assert join(server, old) == (403, None)
    assert ask(server, "GET", "/api/state", cookie=cookie)[0] == 403
    assert server.tokens.device_count == 0
    statuses = [ask(server, "GET", "/")[0] for _ in range(BURST + 1)]
    assert statuses[-1] == 429
    for secret in (old, cookie, server.tokens.token):
        assert secret not in caplog.text
    logged = [r.getMessage().split(" ")[1] for r in caplog.records if r.name == LOGGER_NAME]
    assert logged[:10] == ["421", "403", "403", "403", "413", "404", "404", "403", "403", "429"]


class FailingTokens(Tokens):
    """Tokens whose check of a cookie fails, as a bug would."""

    def knows(self, cookie: str | None) -> bool:
        if cookie == "boom":
            raise RuntimeError(f"the check failed for {self.token}")
        return super().knows(cookie)


def test_an_error_reaches_the_phone_as_one_sentence_without_a_traceback(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    # In asyncio's debug mode (python -X dev), aiohttp's own 500 page holds the traceback.
    monkeypatch.setenv("PYTHONASYNCIODEBUG", "1")
    caplog.set_level(logging.WARNING, logger=LOGGER_NAME)
    tokens = FailingTokens()
    server = PhoneServer(LOCAL, tokens=tokens)
    server.start()
    try:
        status, body, _ = ask(server, "GET", "/api/state", cookie="boom")
    finally:
        server.stop()
    assert b"Traceback" not in body
    assert tokens.token.encode() not in body
    assert (status, body.decode()) == (500, FAILED)
    assert "Traceback" in caplog.text and tokens.token not in caplog.text


def test_stop_joins_the_thread_and_frees_the_port():
    server = PhoneServer(LOCAL)
    server.start()
    port = server.port
    assert ask(server, "GET", "/")[0] == 200
    # A phone still connected: stopping closes its connection from the server's side,
    # which leaves the port in TIME_WAIT; serving it again must not wait for that.
    lingering = http.client.HTTPConnection(LOCAL, port, timeout=30)
    lingering.request("GET", "/", headers={"Host": f"{LOCAL}:{port}"})
    assert lingering.getresponse().read()
    server.stop()
    lingering.close()
    assert not server.running
    assert server.wait_stopped(0)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((LOCAL, port), timeout=30).close()
    again = PhoneServer(LOCAL, port)  # the same port can be served again at once
    again.start()
    try:
        assert again.port == port
        assert ask(again, "GET", "/")[0] == 200
    finally:
        again.stop()
    server.stop()  # a second stop does nothing


class HandClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_with_no_request_for_the_idle_time_the_server_stops_by_itself():
    clock = HandClock()
    server = PhoneServer(LOCAL, idle_timeout=timedelta(minutes=30), clock=clock)
    server.start()
    port = server.port
    clock.now = 29 * 60.0
    assert ask(server, "GET", "/")[0] == 200  # the idle time counts from here
    assert server.idle_seconds == 0.0
    clock.now = 59 * 60.0 + 1
    assert server.wait_stopped(timeout=60)
    assert not server.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((LOCAL, port), timeout=30).close()
    server.stop()


def test_refused_requests_do_not_keep_the_server_awake():
    clock = HandClock()
    server = PhoneServer(LOCAL, idle_timeout=timedelta(minutes=30), clock=clock)
    server.start()
    try:
        clock.now = 29 * 60.0
        assert ask(server, "GET", "/", host="rebound.example")[0] == 421
        assert ask(server, "GET", "/api/state")[0] == 403
        assert server.idle_seconds == 29 * 60.0
        clock.now = 30 * 60.0 + 1
        assert server.wait_stopped(timeout=30)
    finally:
        server.stop()


@pytest.mark.parametrize("address", ["0.0.0.0", "", "localhost", "::1", "224.0.0.1", "10.0.0.256"])
def test_only_one_ipv4_address_is_served(address: str):
    with pytest.raises(ValueError, match=r"IPv4 address|one address"):
        PhoneServer(address)


def test_an_address_not_of_this_computer_fails_at_start():
    server = PhoneServer("192.0.2.1")  # TEST-NET-1: never a local address
    with pytest.raises(OSError):
        server.start()
    assert not server.running
