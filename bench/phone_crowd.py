"""A room of phones, in a process of its own: ``python -m bench.phone_crowd`` (JSON on stdin).

Phones are other devices: simulated in the window's own process they would share its
interpreter lock and slow the very window they measure. Here each phone is an asyncio
task with a connection of its own from an address of its own (127.0.0.2, 127.0.0.3,
…), all at once. Each request is timed from the phone's side.

In: ``{"step": "ideas" | "vote", "join": ADDRESS, "people": [ids], "cookies": [..]}``.
Out: ``{"cookies": [...], "latencies": [seconds, ...]}``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any
from urllib.parse import urlsplit

import aiohttp

IDEAS_EACH = 3
DOTS_EACH = 3
COOKIE = "dotstorm_device"


class Phone:
    """One phone: its own address and connection, its cookie, its requests' latencies."""

    def __init__(self, join: str, number: int, cookie: str) -> None:
        parts = urlsplit(join)
        self.base = f"http://{parts.hostname}:{parts.port}"
        self.token = parts.fragment.removeprefix("t=")
        self.source = f"127.0.{number // 250}.{number % 250 + 2}"
        self.cookie = cookie
        self.latencies: list[float] = []

    async def ask(
        self, client: aiohttp.ClientSession, method: str, path: str, body: Any = None
    ) -> Any:
        headers = {"Origin": self.base}
        if self.cookie:
            headers["Cookie"] = f"{COOKIE}={self.cookie}"
        start = time.perf_counter()
        async with client.request(method, self.base + path, json=body, headers=headers) as answer:
            data = await answer.read()
            self.latencies.append(time.perf_counter() - start)
            if answer.status != 200:
                raise RuntimeError(f"{method} {path}: {answer.status} {data[:200]!r}")
            given = answer.cookies.get(COOKIE)
            if given is not None:
                self.cookie = given.value
            return json.loads(data) if data else None

    async def run(self, step: str, person: str, number: int) -> None:
        connector = aiohttp.TCPConnector(local_addr=(self.source, 0), force_close=True)
        jar = aiohttp.DummyCookieJar()
        async with aiohttp.ClientSession(connector=connector, cookie_jar=jar) as client:
            if step == "join":
                await self.ask(client, "POST", "/api/join", {"token": self.token})
                await self.ask(client, "POST", "/api/name", {"person_id": person})
            elif step == "ideas":
                for index in range(IDEAS_EACH):
                    text = f"Idea {index + 1} from phone {number + 1}"
                    await self.ask(client, "POST", "/api/idea", {"text": text})
            else:
                ballot = (await self.ask(client, "GET", "/api/state"))["ballot"]
                for item in ballot["items"][:DOTS_EACH]:
                    change = {"round_id": ballot["round_id"], "item_id": item["id"], "change": 1}
                    await self.ask(client, "POST", "/api/dot", change)
                await self.ask(client, "POST", "/api/done", {"round_id": ballot["round_id"]})


async def crowd(order: dict[str, Any]) -> dict[str, Any]:
    """Every phone does ``order["step"]`` at once."""
    people: list[str] = order["people"]
    cookies: list[str] = order.get("cookies") or [""] * len(people)
    phones = [Phone(order["join"], n, cookie) for n, cookie in enumerate(cookies)]
    await asyncio.gather(
        *(
            phone.run(order["step"], person, n)
            for n, (phone, person) in enumerate(zip(phones, people, strict=True))
        )
    )
    return {
        "cookies": [phone.cookie for phone in phones],
        "latencies": [value for phone in phones for value in phone.latencies],
    }


if __name__ == "__main__":
    json.dump(asyncio.run(crowd(json.load(sys.stdin))), sys.stdout)
