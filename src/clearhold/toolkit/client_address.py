"""The address of the person making a request, for the sign-in lock-out (django-axes), the
audit trail, the sessions list and the rate limits.

Behind nginx every request comes from nginx (``REMOTE_ADDR`` 127.0.0.1), which names the
client in ``X-Forwarded-For``. That header is believed only when the direct peer is one of
``CLEARHOLD_TRUSTED_PROXIES`` (addresses or networks, comma-separated): anyone else can write
any address into it, to dodge the lock-out or put another address in the audit trail.

The header is read from the right. nginx's ``$proxy_add_x_forwarded_for`` appends the address
it saw to whatever the client sent, so the right-most entry that is not a trusted proxy is the
client, and anything left of it is the client's own claim.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def malformed_proxies(entries: Iterable[str]) -> list[str]:
    """The entries of ``CLEARHOLD_TRUSTED_PROXIES`` that are not an address or a network
    (``127.0.0.1``, ``10.0.0.0/8``, ``::1``); a system check refuses them by name."""
    bad = []
    for entry in entries:
        try:
            ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            bad.append(entry)
    return bad


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The trusted networks; a malformed entry trusts nothing (the system check names it)."""
    return tuple(
        ipaddress.ip_network(e.strip(), strict=False) for e in entries if not malformed_proxies([e])
    )


def _address(text: str) -> Address | None:
    """An address as a proxy writes it; an IPv4 address mapped into IPv6 as itself."""
    try:
        found = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(found, "ipv4_mapped", None)
    return mapped or found


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_address(request: Any) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or, when that peer is a trusted proxy, the
    right-most ``X-Forwarded-For`` entry that is not a trusted proxy (the left-most entry when
    every one is trusted). ``None`` without a request or a peer address."""
    meta = getattr(request, "META", None) or {}
    peer_text = meta.get("REMOTE_ADDR") or ""
    peer = _address(peer_text)
    if peer is None:
        return peer_text or None
    networks = _networks(tuple(settings.CLEARHOLD_TRUSTED_PROXIES))
    if not _trusted(peer, networks):
        return str(peer)
    hops = [hop for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # not written by a trusted proxy: stop at the last one that was
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
