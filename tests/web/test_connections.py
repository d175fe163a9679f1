"""The phones' server holds few connections, none for long (app/web/connections.py).

Real sockets of 127.0.0.x: a client may speak from any loopback address, as phones on
a Wi-Fi speak from addresses of their own.
"""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator

import pytest

from app.web.connections import MAX_PER_ADDRESS
from app.web.desk import PhoneAnswer, PhoneCall
from app.web.runner import PhoneServer

LOCAL = "127.0.0.1"
HALF_A_REQUEST = b"GET / HTTP/1.1\r\nHost: "


class NamingDesk:
    async def ask(self, call: PhoneCall) -> PhoneAnswer:
        return PhoneAnswer.ok({"device": call.device})


@pytest.fixture
def server() -> Iterator[PhoneServer]:
    phones = PhoneServer(LOCAL, desk=NamingDesk())
    yield phones
    phones.stop()


def half_sent(server: PhoneServer, source: str = LOCAL) -> socket.socket:
    """A connection that sends the start of a request and then nothing (a slow client)."""
    connection = socket.create_connection(
        (LOCAL, server.port), timeout=30, source_address=(source, 0)
    )
    connection.sendall(HALF_A_REQUEST)
    return connection


def closed_by_server(connection: socket.socket) -> bool:
    """Whether the server has closed (or reset) this connection."""
    try:
        return connection.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:  # still open after the socket's timeout
        return False


def page_status(server: PhoneServer, source: str) -> int:
    connection = http.client.HTTPConnection(
        LOCAL, server.port, timeout=30, source_address=(source, 0)
    )
    try:
        connection.request("GET", "/", headers={"Host": f"{LOCAL}:{server.port}"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_one_address_holds_a_few_connections_and_other_phones_go_on(server: PhoneServer):
    server.start()
    held = [half_sent(server) for _ in range(MAX_PER_ADDRESS)]
    extra = [half_sent(server) for _ in range(3)]
    try:
        for connection in extra:
            connection.settimeout(10)
            assert closed_by_server(connection)
        assert server.connections.open_connections == MAX_PER_ADDRESS
        assert page_status(server, "127.0.0.2") == 200  # another phone is served at once
    finally:
        for connection in held + extra:
            connection.close()


def test_the_server_holds_so_many_connections_in_all(server: PhoneServer):
    server.connections = type(server.connections)(server.connections._log, total=5)
    server.start()
    held = [half_sent(server, f"127.0.0.{n + 2}") for n in range(5)]
    late = half_sent(server, "127.0.0.20")
    try:
        late.settimeout(10)
        assert closed_by_server(late)
    finally:
        for connection in [*held, late]:
            connection.close()


def test_a_slow_request_is_cut_off_at_the_end_of_its_connections_life(server: PhoneServer):
    server.connections.lifetime = 0.5
    server.start()
    with half_sent(server) as slow:
        slow.settimeout(10)
        assert closed_by_server(slow)
    assert page_status(server, LOCAL) == 200


def test_a_flood_of_connections_is_logged_once_in_a_while(
    server: PhoneServer, caplog: pytest.LogCaptureFixture
):
    server.start()
    caplog.set_level("WARNING", logger="dotstorm.web")
    held = [half_sent(server) for _ in range(MAX_PER_ADDRESS + 30)]
    try:
        for connection in held[MAX_PER_ADDRESS:]:  # each refused before the log is read
            connection.settimeout(10)
            assert closed_by_server(connection)
        lines = [r for r in caplog.records if "refused connection" in r.getMessage()]
        assert 1 <= len(lines) <= 2
        assert json.dumps(lines[0].getMessage())
    finally:
        for connection in held:
            connection.close()
