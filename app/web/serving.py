"""Where and how long the phones' server serves.

The one address it may bind to, how the command line names it, and when it stops by
itself. No aiohttp here: the command line checks ``--phones`` before anything starts, and the
window reads the idle time without importing the server.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

IDLE_TIMEOUT = timedelta(minutes=30)
"""With no request from a phone for this long, the server stops by itself."""


def checked_address(address: str) -> str:
    """``address`` if it is one IPv4 address a server may bind to; ValueError otherwise."""
    try:
        parsed = ipaddress.IPv4Address(address)
    except ValueError:
        raise ValueError(f"{address!r} is not an IPv4 address of this computer.") from None
    if (
        parsed.is_unspecified
        or parsed.is_multicast
        or parsed == ipaddress.IPv4Address("255.255.255.255")
    ):
        raise ValueError(f"Phones are served on one address of this computer, not {address}.")
    return str(parsed)


def parse_phones_option(text: str) -> tuple[str, int]:
    """``"ADDRESS[:PORT]"`` as (address, port); port 0 lets the system choose one.

    ValueError with one sentence for anything else.
    """
    address, colon, port_text = text.partition(":")
    port = 0
    if colon:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise ValueError(f"{port_text!r} is not a port: give a number from 1 to 65535.")
        port = int(port_text)
    return checked_address(address), port
