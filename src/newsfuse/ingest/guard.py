"""The SSRF guard: which addresses newsfuse may connect to, and a transport that connects only there.

Before every hop the fetcher resolves the host and asks :func:`address_problem` about each address;
the pinned transport then connects to exactly the addresses that were checked (its network backend
takes them from the check instead of resolving again), so DNS rebinding between check and connect is
impossible. Every socket operation is also bounded by the attempt's deadline, so a server trickling
bytes cannot hold a worker past it.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import httpcore
import httpx

__all__ = ["GuardedBackend", "PinnedTransport", "Refused", "address_problem", "system_resolver"]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (getaddrinfo), each once, in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in seen:
            seen.append(address)
    return seen


def address_problem(address: str, allow_private: bool, metadata: Iterable[str] = ()) -> str | None:
    """Why connecting to ``address`` is refused ("a loopback address"), or None when it is allowed.

    IPv4 addresses wrapped in IPv6 (mapped, NAT64, 6to4) are judged by the IPv4 address inside.
    Metadata endpoints are refused even with ``allow_private``: they hand out cloud credentials.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            ip = inner
    if any(ip == ipaddress.ip_address(m) for m in metadata):
        return "a cloud metadata address"
    if allow_private:
        return None
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address (shared, documentation or special-purpose range)"),
    )
    for failed, name in checks:
        if failed:
            return name
    return None


class Refused(Exception):
    """The guard refused a connection; ``reason`` is the whole sentence for the result."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------------------------
# the pinned transport: connect only to checked addresses, and never past the deadline


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation is bounded by the attempt's remaining time."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Callable[[], float | None]) -> None:
        self._inner = inner
        self._deadline = deadline

    def _bound(self, timeout: float | None) -> float | None:
        end = self._deadline()
        if end is None:
            return timeout
        remaining = end - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("the total time limit has passed")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._bound(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._bound(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._bound(timeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """Connects to the addresses ``addresses(host, port)`` returns: checked ones, never a fresh lookup."""

    def __init__(
        self,
        addresses: Callable[[str, int], Sequence[str]],
        deadline: Callable[[], float | None],
    ) -> None:
        self._addresses = addresses
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        error: Exception | None = None
        for address in self._addresses(host, port):  # raises _Refused
            end = self._deadline()
            if end is not None:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    raise httpcore.ConnectTimeout("the total time limit has passed")
                timeout = remaining if timeout is None else min(timeout, remaining)
            try:
                stream = super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                error = err
                continue
            return _DeadlineStream(stream, self._deadline)
        raise error or httpcore.ConnectError(f"{host} has no address to connect to")


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that uses the guarded backend.

    httpx offers no public hook for the network backend, so the pool it builds is replaced by one
    built the same way with ours (httpx 0.27-0.28 keep it in ``_pool``; tests/test_fetch.py checks
    that requests really go through the backend).
    """

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=backend,
        )
