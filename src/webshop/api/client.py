"""Who is on the other end of a request: its address, as far as it can be trusted."""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Annotated, Any

from fastapi import Depends, Request

from webshop.api.deps import LimiterDep, SettingsDep
from webshop.core.config import Settings
from webshop.core.ratelimit import Rate

Network = IPv4Network | IPv6Network


def client_address(request: Request, trusted_proxies: list[Network]) -> str:
    """The connection's peer address, or, when that peer is one of `trusted_proxies`, the
    nearest address in `X-Forwarded-For` that is not a trusted proxy itself.

    Only the operator's own proxies are believed: anyone else could write any address there.
    """
    peer = request.client.host if request.client else ""
    if not trusted_proxies or not _is_trusted(peer, trusted_proxies):
        return peer
    forwarded = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([hop for hop in forwarded if hop]):
        if not _is_trusted(hop, trusted_proxies):
            return hop if _is_address(hop) else peer
    return peer


def _is_trusted(address: str, trusted: list[Network]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


async def get_client_ip(request: Request, settings: SettingsDep) -> str:
    return client_address(request, settings.TRUSTED_PROXIES)


ClientIP = Annotated[str, Depends(get_client_ip)]


def limit_per_address(name: str, rates: Callable[[Settings], tuple[Rate, ...]]) -> Any:
    """A route dependency counting each request against `rates` per client address (429)."""

    async def within_limit(ip: ClientIP, settings: SettingsDep, limiter: LimiterDep) -> None:
        await limiter.hit(name, ip, rates(settings))

    return Depends(within_limit)
