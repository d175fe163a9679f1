"""The phones' server's rules (app/web/guards.py, app/web/app.py), through aiohttp's test client.

The application is made for ``192.0.2.7:8765`` and the client says so in its Host
header; the socket under it is the test server's own.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import DummyCookieJar, web
from aiohttp.test_utils import TestClient, TestServer

from app.web.app import CONTENT_SECURITY_POLICY, make_app
from app.web.desk import CallKind, PhoneAnswer, PhoneCall
from app.web.guards import DEVICE_COOKIE, FAILED, LOGGER_NAME, MAX_BODY_BYTES
from app.web.rate import BURST, RateLimiter
from app.web.tokens import Tokens

ADDRESS, PORT = "192.0.2.7", 8765
HOST = f"{ADDRESS}:{PORT}"
ORIGIN = f"http://{HOST}"


class Clock:
    """A clock that moves only when the test moves it."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Answer:
    status: int
    text: str
    headers: dict[str, str]
    set_cookie: list[str]

    def cookie(self) -> str:
        (header,) = self.set_cookie
        match = re.match(rf"{DEVICE_COOKIE}=([^;]+)", header)
        assert match, header
        return match[1]


class Phone:
    """One phone's requests, every header given by hand (no cookie jar)."""

    def __init__(self, client: TestClient[web.Request, web.Application]) -> None:
        self.client = client
        self.cookie: str | None = None

    async def ask(
        self,
        method: str,
        path: str,
        *,
        host: str | None = HOST,
        origin: str | None = None,
        cookie: str | None = None,
        body: Any = None,
        data: bytes | io.BytesIO | None = None,
    ) -> Answer:
        headers = {}
        if host is not None:
            headers["Host"] = host
        if origin is not None:
            headers["Origin"] = origin
        if cookie or self.cookie:
            headers["Cookie"] = f"{DEVICE_COOKIE}={cookie or self.cookie}"
        async with self.client.request(
            method, path, headers=headers, json=body, data=data
        ) as response:
            return Answer(
                response.status,
                await response.text(),
                dict(response.headers),
                response.headers.getall("Set-Cookie", []),
            )

    async def join(self, token: str) -> Answer:
        answer = await self.ask("POST", "/api/join", origin=ORIGIN, body={"token": token})
        if answer.status == 200:
            self.cookie = answer.cookie()
        return answer


class RecordingDesk:
    """A desk that answers every call 200 with the phone's name, and keeps the calls."""

    def __init__(self) -> None:
        self.calls: list[PhoneCall] = []

    async def ask(self, call: PhoneCall) -> PhoneAnswer:
        self.calls.append(call)
        return PhoneAnswer.ok({"device": call.device})


Scenario = Callable[[Phone], Awaitable[None]]


def run(
    scenario: Scenario,
    tokens: Tokens | None = None,
    clock: Clock | None = None,
    desk: RecordingDesk | None = None,
) -> None:
    """Serve a fresh application and play ``scenario`` against it."""

    async def main() -> None:
        app = make_app(
            ADDRESS,
            PORT,
            tokens or Tokens(),
            desk=desk or RecordingDesk(),
            limiter=RateLimiter(clock=clock or Clock()),
        )
        async with TestClient(TestServer(app), cookie_jar=DummyCookieJar()) as client:
            await scenario(Phone(client))

    asyncio.run(main())


def test_the_page_is_served_with_a_strict_policy_and_no_inline_script():
    async def scenario(phone: Phone) -> None:
        page = await phone.ask("GET", "/")
        assert page.status == 200
        assert page.headers["Content-Type"].startswith("text/html")
        assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "default-src 'self'" in CONTENT_SECURITY_POLICY
        assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
        assert re.findall(r"<script[^>]*>", page.text) == [
            '<script src="/ballot.js" defer>',  # before page.js, which uses it
            '<script src="/page.js" defer>',
        ]
        assert '<script src="/page.js" defer></script>' in page.text
        assert "<style" not in page.text and " style=" not in page.text
        assert 'href="/page.css"' in page.text
        assert "Joining…" in page.text
        script = await phone.ask("GET", "/page.js")
        assert script.status == 200
        assert script.headers["Content-Type"].startswith("text/javascript")
        assert "/api/join" in script.text and "history.replaceState" in script.text
        ballot = await phone.ask("GET", "/ballot.js")
        assert ballot.status == 200
        assert ballot.headers["Content-Type"].startswith("text/javascript")
        assert "/api/rate" in ballot.text and "/api/rank" in ballot.text
        assert "innerHTML" not in ballot.text + script.text  # text is only ever set as text
        style = await phone.ask("GET", "/page.css")
        assert style.status == 200
        assert style.headers["Content-Type"].startswith("text/css")

    run(scenario)


def test_joining_with_the_token_gives_a_strict_httponly_cookie_that_opens_the_state():
    tokens = Tokens()

    async def scenario(phone: Phone) -> None:
        assert (await phone.ask("GET", "/api/state")).status == 403
        joined = await phone.join(tokens.token)
        assert joined.status == 200
        (header,) = joined.set_cookie
        attributes = {part.strip().lower() for part in header.split(";")[1:]}
        assert {"httponly", "samesite=strict", "path=/"} <= attributes
        state = await phone.ask("GET", "/api/state")
        assert state.status == 200
        assert json.loads(state.text) == {"device": "phone 1"}

    run(scenario, tokens)


def test_a_joined_phones_changes_reach_the_desk_by_its_name_never_its_cookie():
    desk = RecordingDesk()

    async def scenario(phone: Phone) -> None:
        await phone.join(tokens.token)
        assert phone.cookie
        for path, body in (
            ("/api/name", {"person_id": "p1"}),
            ("/api/idea", {"text": "Shorter forms"}),
            ("/api/dot", {"round_id": "r", "item_id": "n", "change": 1}),
            ("/api/done", {"round_id": "r"}),
        ):
            answer = await phone.ask("POST", path, origin=ORIGIN, body=body)
            assert answer.status == 200
            assert json.loads(answer.text) == {"device": "phone 1"}
        state = await phone.ask("GET", "/api/state")
        assert json.loads(state.text) == {"device": "phone 1"}
        kinds = [call.kind for call in desk.calls]
        assert kinds == [
            CallKind.JOINED,
            CallKind.NAME,
            CallKind.IDEA,
            CallKind.DOT,
            CallKind.DONE,
            CallKind.STATE,
        ]
        assert {call.device for call in desk.calls} == {"phone 1"}
        assert desk.calls[2].body == {"text": "Shorter forms"}
        assert all(phone.cookie not in repr(call) for call in desk.calls)

    tokens = Tokens()
    run(scenario, tokens, desk=desk)


def test_a_change_that_is_not_a_json_object_is_refused_400_before_the_desk():
    desk = RecordingDesk()

    async def scenario(phone: Phone) -> None:
        await phone.join(tokens.token)
        for data in (b"not json", b"[1, 2]", b"\xff\xfe"):
            answer = await phone.ask("POST", "/api/idea", origin=ORIGIN, data=data)
            assert answer.status == 400, data
        assert [call.kind for call in desk.calls] == [CallKind.JOINED]

    tokens = Tokens()
    run(scenario, tokens, desk=desk)


RATING = {"round_id": "r", "item_id": "n", "criterion_id": "c", "value": 3}
PLACE = {"round_id": "r", "item_id": "n", "position": 2}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/rate", RATING),
        ("/api/rate", {**RATING, "value": None}),  # cleared
        ("/api/rank", PLACE),
        ("/api/rank", {**PLACE, "position": None}),  # taken out
    ],
    ids=["a value", "a value cleared", "a place", "taken out"],
)
def test_a_rating_or_a_place_of_the_right_shape_reaches_the_desk_as_sent(
    path: str, body: dict[str, object]
):
    desk = RecordingDesk()

    async def scenario(phone: Phone) -> None:
        await phone.join(tokens.token)
        answer = await phone.ask("POST", path, origin=ORIGIN, body=body)
        assert answer.status == 200
        call = desk.calls[-1]
        assert call.kind is (CallKind.RATE if path == "/api/rate" else CallKind.RANK)
        assert call.body == body

    tokens = Tokens()
    run(scenario, tokens, desk=desk)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/rate", {**RATING, "value": "3"}),
        ("/api/rate", {**RATING, "value": 3.0}),
        ("/api/rate", {**RATING, "value": True}),  # JSON's true is not a number here
        ("/api/rate", {**RATING, "value": [3]}),
        ("/api/rate", {k: v for k, v in RATING.items() if k != "value"}),  # null must be said
        ("/api/rate", {**RATING, "criterion_id": 7}),
        ("/api/rate", {**RATING, "item_id": None}),
        ("/api/rate", {k: v for k, v in RATING.items() if k != "round_id"}),
        ("/api/rank", {**PLACE, "position": "2"}),
        ("/api/rank", {**PLACE, "position": 2.5}),
        ("/api/rank", {**PLACE, "position": False}),
        ("/api/rank", {k: v for k, v in PLACE.items() if k != "position"}),
        ("/api/rank", {**PLACE, "item_id": ["n"]}),
        ("/api/rank", {**PLACE, "round_id": {"id": "r"}}),
    ],
)
def test_a_rating_or_a_place_of_the_wrong_shape_is_refused_400_in_one_line(
    path: str, body: dict[str, object]
):
    desk = RecordingDesk()

    async def scenario(phone: Phone) -> None:
        await phone.join(tokens.token)
        answer = await phone.ask("POST", path, origin=ORIGIN, body=body)
        assert answer.status == 400
        assert answer.text.startswith("Send a rating" if path == "/api/rate" else "Send a place")
        assert "\n" not in answer.text.strip()
        assert [call.kind for call in desk.calls] == [CallKind.JOINED]  # the desk heard nothing

    tokens = Tokens()
    run(scenario, tokens, desk=desk)


def test_the_desks_refusal_reaches_the_phone_with_its_status():
    class Refusing(RecordingDesk):
        async def ask(self, call: PhoneCall) -> PhoneAnswer:
            await super().ask(call)
            return PhoneAnswer.refused("All 3 of your dots are placed.")

    async def scenario(phone: Phone) -> None:
        await phone.join(tokens.token)
        answer = await phone.ask("POST", "/api/dot", origin=ORIGIN, body={"item_id": "x"})
        assert answer.status == 409
        assert json.loads(answer.text) == {"message": "All 3 of your dots are placed."}

    tokens = Tokens()
    run(scenario, tokens, desk=Refusing())


def test_a_host_other_than_the_address_served_is_refused_421():
    async def scenario(phone: Phone) -> None:
        for host in ("evil.example:8765", f"{ADDRESS}:80", ADDRESS, f"localhost:{PORT}", ""):
            assert (await phone.ask("GET", "/", host=host)).status == 421, host
        assert (await phone.ask("GET", "/", host=HOST)).status == 200

    run(scenario)


def test_on_port_80_the_host_and_origin_a_browser_writes_without_the_port_are_taken():
    tokens = Tokens()

    async def main() -> None:
        app = make_app(ADDRESS, 80, tokens, limiter=RateLimiter(clock=Clock()))
        async with TestClient(TestServer(app), cookie_jar=DummyCookieJar()) as client:
            phone = Phone(client)
            assert (await phone.ask("GET", "/", host=ADDRESS)).status == 200
            assert (await phone.ask("GET", "/", host=f"{ADDRESS}:80")).status == 200
            assert (await phone.ask("GET", "/", host=f"{ADDRESS}:8080")).status == 421
            joined = await phone.ask(
                "POST", "/api/join", host=ADDRESS, origin=f"http://{ADDRESS}",
                body={"token": tokens.token},
            )  # fmt: skip
            assert joined.status == 200

    asyncio.run(main())
    assert tokens.device_count == 1


def test_a_write_from_another_origin_or_none_is_refused_403_even_with_the_token():
    tokens = Tokens()

    async def scenario(phone: Phone) -> None:
        for origin in (None, "http://evil.example", f"http://{ADDRESS}", "null", ORIGIN + "/"):
            answer = await phone.ask(
                "POST", "/api/join", origin=origin, body={"token": tokens.token}
            )
            assert answer.status == 403, origin
            assert answer.set_cookie == []
        assert tokens.device_count == 0
        assert (await phone.join(tokens.token)).status == 200

    run(scenario, tokens)


def test_a_write_or_a_read_of_the_api_without_a_known_cookie_is_refused_403():
    tokens = Tokens()

    async def scenario(phone: Phone) -> None:
        for method in ("POST", "PUT", "DELETE"):
            assert (await phone.ask(method, "/api/state", origin=ORIGIN)).status == 403
        made_up = "A" * 43
        assert (await phone.ask("GET", "/api/state", cookie=made_up)).status == 403
        assert (await phone.ask("GET", "/api/state")).status == 403

    run(scenario, tokens)


def test_an_old_token_and_the_phones_it_let_in_are_refused_after_a_new_one():
    tokens = Tokens()

    async def scenario(phone: Phone) -> None:
        old = tokens.token
        assert (await phone.join(old)).status == 200
        assert (await phone.ask("GET", "/api/state")).status == 200
        tokens.renew()
        assert (await phone.ask("GET", "/api/state")).status == 403
        stolen = await phone.ask("POST", "/api/join", origin=ORIGIN, body={"token": old})
        assert stolen.status == 403
        assert stolen.set_cookie == []
        assert (await phone.join(tokens.token)).status == 200
        assert (await phone.ask("GET", "/api/state")).status == 200

    run(scenario, tokens)


def test_a_phone_let_go_is_refused():
    tokens = Tokens()

    async def scenario(phone: Phone) -> None:
        assert (await phone.join(tokens.token)).status == 200
        assert phone.cookie is not None
        tokens.let_go(phone.cookie)
        assert (await phone.ask("GET", "/api/state")).status == 403

    run(scenario, tokens)


def test_a_join_that_is_not_a_token_in_json_is_refused_400():
    async def scenario(phone: Phone) -> None:
        for body in (b"not json", b"[1]", b'{"token": 5}', b"{}", b"\xff\xfe"):
            answer = await phone.ask("POST", "/api/join", origin=ORIGIN, data=body)
            assert answer.status == 400, body

    run(scenario)


def test_a_body_over_the_limit_is_refused_413_and_nothing_joins():
    tokens = Tokens()

    async def scenario(phone: Phone) -> None:
        padding = "x" * (1024 * 1024)
        megabyte = io.BytesIO(json.dumps({"token": tokens.token, "pad": padding}).encode())
        answer = await phone.ask("POST", "/api/join", origin=ORIGIN, data=megabyte)
        assert answer.status == 413
        assert tokens.device_count == 0
        just_over = {"token": tokens.token, "pad": "x" * MAX_BODY_BYTES}
        answer = await phone.ask("POST", "/api/join", origin=ORIGIN, body=just_over)
        assert answer.status == 413

    run(scenario, tokens)


def test_a_flood_from_one_phone_is_refused_429_and_other_phones_go_on():
    tokens = Tokens()
    clock = Clock()

    async def scenario(phone: Phone) -> None:
        other = Phone(phone.client)
        assert (await phone.join(tokens.token)).status == 200
        assert (await other.join(tokens.token)).status == 200
        statuses = [(await phone.ask("GET", "/api/state")).status for _ in range(BURST + 1)]
        assert statuses == [200] * BURST + [429]
        assert (await other.ask("GET", "/api/state")).status == 200
        clock.now += 1.0
        assert (await phone.ask("GET", "/api/state")).status == 200

    run(scenario, tokens, clock)


def test_a_flood_before_joining_is_counted_by_address():
    tokens = Tokens()

    async def scenario(phone: Phone) -> None:
        guesses = [
            (await phone.ask("POST", "/api/join", origin=ORIGIN, body={"token": "guess"})).status
            for _ in range(BURST + 1)
        ]
        assert guesses[-1] == 429
        assert set(guesses[:-1]) == {403}
        late = await phone.ask("POST", "/api/join", origin=ORIGIN, body={"token": tokens.token})
        assert late.status == 429
        assert tokens.device_count == 0

    run(scenario, tokens)


def test_only_the_pages_own_paths_are_served():
    tokens = Tokens()

    async def scenario(phone: Phone) -> None:
        assert (await phone.join(tokens.token)).status == 200
        for path in (
            "/index.html", "/static/", "/static/page.js", "/__init__.py", "/app.py",
            "/page.js/", "/api/", "/api/other", "/api/state/", "/..%2f..%2fpyproject.toml",
            "/favicon.ico",
        ):  # fmt: skip
            answer = await phone.ask("GET", path)
            assert answer.status == 404, path
            assert answer.text == "Nothing here.", path

    run(scenario, tokens)


class FailingTokens(Tokens):
    """Tokens whose check of a cookie fails, as a bug would, quoting the cookie."""

    def knows(self, cookie: str | None) -> bool:
        if cookie == "boom" * 6:
            raise RuntimeError(f"the check of {cookie} and {self.token} failed")
        return super().knows(cookie)


def test_an_error_is_answered_500_in_one_sentence_and_logged_masked(
    caplog: pytest.LogCaptureFixture,
):
    tokens = FailingTokens()
    caplog.set_level(logging.WARNING, logger=LOGGER_NAME)

    async def scenario(phone: Phone) -> None:
        answer = await phone.ask("GET", "/api/state", cookie="boom" * 6)
        assert answer.status == 500
        assert answer.text == FAILED
        assert answer.headers["Content-Type"].startswith("text/plain")

    run(scenario, tokens)
    (record,) = [r for r in caplog.records if r.name == LOGGER_NAME]
    assert record.getMessage().startswith("failed GET /api/state")
    assert "RuntimeError" in caplog.text and "Traceback" in caplog.text
    assert tokens.token not in caplog.text
    assert "boom" * 6 not in caplog.text


def test_every_refusal_is_logged_without_a_token_or_a_cookie(
    caplog: pytest.LogCaptureFixture,
):
    tokens = Tokens()
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    secrets: list[str] = []

    async def scenario(phone: Phone) -> None:
        old = tokens.token
        secrets.append(old)
        assert (await phone.join(old)).status == 200
        assert phone.cookie is not None
        secrets.append(phone.cookie)
        assert (await phone.ask("GET", f"/{old}")).status == 404
        assert (await phone.ask("GET", f"/api/{phone.cookie}")).status == 404
        assert (await phone.ask("GET", f"/{old}", host="evil.example")).status == 421
        tokens.renew()
        secrets.append(tokens.token)
        refused = await phone.ask("POST", "/api/join", origin=ORIGIN, body={"token": old})
        assert refused.status == 403
        wrong_origin = await phone.ask(
            "POST", f"/api/join/{tokens.token}", origin="http://evil.example"
        )
        assert wrong_origin.status == 404

    run(scenario, tokens)
    refusals = [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]
    assert [line.split(" ")[:2] for line in refusals] == [
        ["refused", "404"], ["refused", "404"], ["refused", "421"], ["refused", "403"],
        ["refused", "404"],
    ]  # fmt: skip
    for secret in secrets:
        assert secret not in caplog.text


def test_a_refused_path_is_logged_short_and_on_one_line(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)

    async def scenario(phone: Phone) -> None:
        long = "/a." * 2000  # 6,000 characters: under aiohttp's own line limit
        assert (await phone.ask("GET", long)).status == 404
        forged = "/x%0a2026-12-06 09:00:00,000 ERROR dotstorm: FORGED%00LINE"
        assert (await phone.ask("GET", forged)).status == 404

    run(scenario)
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]
    assert len(lines) == 2
    assert all(len(line) < 300 and "\n" not in line and "\x00" not in line for line in lines)
    assert "…" in lines[0] and "\\n2026-12-06" in lines[1]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"[" * 5000 + b"]" * 5000, "application/json"),
        (b'{"token": 1' + b"0" * 5000 + b"}", "application/json"),
        (b'{"token": "x"}', "application/json; charset=nonexistent-xyz"),
    ],
    ids=["nested too deep", "a number too long", "an unknown charset"],
)
def test_a_body_json_cannot_read_is_refused_400_in_one_sentence(data: bytes, content_type: str):
    async def scenario(phone: Phone) -> None:
        async with phone.client.request(
            "POST",
            "/api/join",
            data=data,
            headers={"Host": HOST, "Origin": ORIGIN, "Content-Type": content_type},
        ) as response:
            assert response.status == 400
            assert await response.text() in (
                "Send the request as JSON.",
                "Send the request as a JSON object.",
            )

    run(scenario)
