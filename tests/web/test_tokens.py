"""The join token and the device cookies (app/web/tokens.py)."""

from __future__ import annotations

import base64

import pytest

from app.web.tokens import MASK, Tokens, masked


def _bits(token: str) -> int:
    return len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8


def test_a_token_holds_at_least_128_random_bits_and_each_is_new():
    tokens = Tokens()
    first = tokens.token
    second = tokens.renew()
    assert _bits(first) >= 128
    assert _bits(second) >= 128
    assert first != second
    assert tokens.token == second


def test_the_token_in_force_buys_a_cookie_and_an_old_one_buys_nothing():
    tokens = Tokens()
    old = tokens.token
    cookie = tokens.join(old)
    assert cookie is not None
    assert tokens.knows(cookie)
    tokens.renew()
    assert tokens.join(old) is None
    assert not tokens.knows(cookie), "a new token lets go every phone joined with the old"
    assert tokens.device_count == 0


def test_each_phone_gets_its_own_cookie_and_one_can_be_let_go():
    tokens = Tokens()
    first, second = tokens.join(tokens.token), tokens.join(tokens.token)
    assert first is not None and second is not None and first != second
    assert tokens.device_count == 2
    assert tokens.let_go(first)
    assert not tokens.knows(first)
    assert tokens.knows(second)
    assert not tokens.let_go(first)
    assert tokens.device_count == 1


def test_a_wrong_token_of_any_shape_is_refused_without_an_error():
    tokens = Tokens()
    for wrong in ("", "x", tokens.token[:-1], tokens.token + "x", "é" * 43, "\x00"):
        assert tokens.join(wrong) is None
    assert not tokens.knows(None)
    assert not tokens.knows("")
    assert not tokens.knows("é" * 43)


def test_masked_hides_tokens_and_cookies_and_keeps_the_words_around_them():
    tokens = Tokens()
    cookie = tokens.join(tokens.token)
    assert cookie is not None
    line = f"refused 404 GET /{tokens.token} with {cookie} from 192.168.1.20"
    shown = masked(line)
    assert tokens.token not in shown
    assert cookie not in shown
    assert shown == f"refused 404 GET /{MASK} with {MASK} from 192.168.1.20"


def test_the_server_keeps_a_digest_of_each_cookie_never_the_cookie():
    tokens = Tokens()
    cookie = tokens.join(tokens.token)
    assert cookie is not None
    assert tokens.device_of(cookie) == "phone 1"
    assert cookie not in repr(vars(tokens)) and cookie not in repr(tokens._devices)


def test_a_join_code_lets_in_so_many_phones_and_then_says_the_room_is_full(
    monkeypatch: pytest.MonkeyPatch,
):
    from app.web import tokens as module

    monkeypatch.setattr(module, "MAX_PHONES", 3)
    tokens = Tokens()
    for _ in range(3):
        assert tokens.join(tokens.token)
    with pytest.raises(module.RoomFull, match=r"This room takes 3 phones, and all have joined\."):
        tokens.join(tokens.token)
    assert tokens.device_count == 3
    assert tokens.join("not the token") is None  # a wrong token is still just refused
