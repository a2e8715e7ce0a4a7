"""Polite, guarded http(s) fetching: one FetchResult per URL, never an exception for bad input.

Politeness: robots.txt (RFC 9309, token ``newsfuse``) is read once per site and cached; requests to
one host are limited in number and spaced in time (a robots.txt Crawl-delay widens the spacing);
429 and 5xx answers are retried with exponential backoff, honouring Retry-After.

Safety: only http(s) URLs without credentials are fetched. Before every hop (the first URL and each
redirect, followed here one by one) the host is resolved and refused if any address is private,
loopback, link-local, multicast, reserved, unspecified, not globally routable or a cloud metadata
endpoint. The default transport then connects to exactly the addresses that were checked (its
network backend takes them from the check rather than resolving again), so DNS rebinding between
check and connect is impossible; TLS still verifies the certificate against the host name, and
connections are pooled per host name. Should a connection ever open without a check in this thread,
the backend resolves and checks the host itself. Environment proxies are ignored: a proxy would
connect on our behalf, out of the guard's sight.

Limits: connect and read timeouts, plus a total deadline per attempt enforced on every socket
operation (a server trickling bytes is cut off at the deadline); bodies are read raw and stopped at
``max_bytes``; gzip and deflate are decompressed here with an output cap (a bomb stops at the cap,
after reading a few KB of it); a binary body served as text is reported, not returned.

>>> with Fetcher(FetchSettings()) as fetcher:  # doctest: +SKIP
...     result = fetcher.fetch("https://example.com/news/1")
...     doc = document_from_fetch(result, IngestSettings())
"""

from __future__ import annotations

import email.utils
import http
import ipaddress
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Literal
from urllib.robotparser import RobotFileParser

import httpx

from newsfuse.ingest.base import bad_document, human_size
from newsfuse.ingest.files import text_document
from newsfuse.ingest.guard import GuardedBackend, PinnedTransport, Refused, address_problem, system_resolver
from newsfuse.ingest.sniff import binary_reason, is_gzip
from newsfuse.models import DocStatus, Document
from newsfuse.settings import FetchSettings, IngestSettings

__all__ = [
    "FetchRequest",
    "FetchResult",
    "FetchStatus",
    "Fetcher",
    "Resolver",
    "address_problem",
    "document_from_fetch",
    "system_resolver",
]

FetchStatus = Literal["fetched", "not-modified", "refused", "failed"]
# host, port -> the IP addresses to connect to (as strings), like socket.getaddrinfo narrowed down.
Resolver = Callable[[str, int], Sequence[str]]

PRIVATE_HINT = "pass --allow-private-addresses to fetch from private networks"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One URL to fetch, with the validators of the copy already held (for a conditional GET)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What fetching one URL gave. ``reason`` is a sentence for every status; ``body`` is the
    decompressed body, empty unless ``status`` is ``fetched``. ``retry_after_waited`` is the time
    spent waiting between attempts (backoff or Retry-After), in seconds."""

    url: str
    final_url: str
    status: FetchStatus
    reason: str
    http_status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body: bytes = field(default=b"", repr=False)
    attempts: int = 0
    retry_after_waited: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "fetched"


# ---------------------------------------------------------------------------------------------
# decompression with an output cap


class _TooBig(Exception):
    pass


class _Inflater:
    """Incremental gzip/deflate decoding that stops once the output passes ``limit`` bytes."""

    def __init__(self, coding: str, limit: int) -> None:
        self._gzip = coding in ("gzip", "x-gzip")
        self._limit = limit
        self._raw_fallback = not self._gzip  # "deflate" is zlib-wrapped, but some servers send it raw
        self._d = zlib.decompressobj(wbits=31 if self._gzip else 15)
        self.out = bytearray()
        self.fed = False

    def feed(self, data: bytes) -> None:
        """Add compressed bytes; raises _TooBig past the cap and zlib.error on corrupt data."""
        while data:
            if self._d.eof:
                data = data.lstrip(b"\x00")  # NUL padding between gzip members is allowed
                if not self._gzip or not is_gzip(data):
                    return  # trailing bytes after the stream are ignored, as gzip(1) does
                self._d = zlib.decompressobj(wbits=31)
            try:
                piece = self._d.decompress(data, self._limit + 1 - len(self.out))
            except zlib.error:
                if not (self._raw_fallback and not self.fed):
                    raise
                self._raw_fallback = False
                self._d = zlib.decompressobj(wbits=-15)
                continue
            self.fed = True
            self.out += piece
            if len(self.out) > self._limit:
                raise _TooBig
            data = self._d.unused_data if self._d.eof else self._d.unconsumed_tail

    def finish(self) -> bool:
        """Flush what is left; False when the stream ended before its end marker (truncated)."""
        if not self._d.eof:
            self.out += self._d.flush(self._limit + 1 - len(self.out))
            if len(self.out) > self._limit:
                raise _TooBig
        return self._d.eof or not self.fed


# ---------------------------------------------------------------------------------------------
# per-host politeness and robots.txt


@dataclass(slots=True)
class _Host:
    """Mutable per-host state, guarded by ``lock`` (the semaphore bounds requests in flight)."""

    semaphore: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0
    delay: float = 0.0


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser | None  # None: no rules (robots.txt absent) or nothing allowed
    refusal: str | None  # set when the site is treated as disallowed (robots.txt unreachable)
    expires: float


@dataclass(slots=True)
class _Hop:
    """One HTTP exchange's outcome, before it becomes a FetchResult."""

    status: FetchStatus
    reason: str
    final_url: str
    http_status: int | None = None
    headers: httpx.Headers | None = None
    body: bytes = b""
    retry: bool = False  # worth another attempt (429, 5xx, no connection)
    retry_after: float | None = None  # what the server asked to wait, in seconds


def _host_label(url: httpx.URL) -> str:
    return url.host if url.port is None else f"{url.host}:{url.port}"


def _media(content_type: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) of a Content-Type header value, lower-cased, either may be None."""
    if not content_type:
        return None, None
    mime, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return (mime.strip().lower() or None), charset


def _status_text(code: int) -> str:
    try:
        return f"HTTP {code} {http.HTTPStatus(code).phrase}"
    except ValueError:
        return f"HTTP {code}"


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP-date), or None.

    A date is measured from the response's own Date header when there is one, so a client clock
    that is off does not change the wait.
    """
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = time.time()
    served = next(iter(headers.get_list("date")), None)
    if served:
        with suppress(TypeError, ValueError):
            now = email.utils.parsedate_to_datetime(served).timestamp()
    return max(0.0, when.timestamp() - now)


class Fetcher:
    """Fetches URLs politely and safely; thread-safe, one per run (it holds connections and caches).

    ``transport`` replaces the pinned network transport (tests); the address check still runs
    before every hop with ``resolver``, but connecting is then up to that transport. ``clock`` and
    ``sleep`` drive the politeness waits (per-host spacing, backoff, Retry-After) so tests need not
    wait; socket timeouts and the total deadline always use real time.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        allow_private: bool = False,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings = settings or FetchSettings()  # validated by its constructor
        self.allow_private = allow_private
        self._resolver: Resolver = resolver or system_resolver
        self._clock = clock
        self._sleep = sleep
        self._local = threading.local()  # this thread's deadline and checked addresses
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        if transport is None:
            transport = PinnedTransport(GuardedBackend(self._connect_addresses, self._deadline))
        accept = ", ".join(t for t in settings.content_types if t not in _GZIP_TYPES) + ", */*;q=0.1"
        self._client = httpx.Client(
            transport=transport,
            headers={"User-Agent": settings.user_agent, "Accept": accept, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=settings.total_timeout,
            ),
            follow_redirects=False,
            trust_env=False,  # an environment proxy would connect for us, past the address guard
        )

    # -- lifecycle --------------------------------------------------------------------------

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public API -------------------------------------------------------------------------

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """Fetch one URL (GET, conditional when validators are given). Never raises for bad input."""
        try:
            return self._fetch(url, etag, last_modified)
        except Exception as err:  # a bug must not end a batch; record it on the URL
            reason = f"failed: internal error while fetching ({type(err).__name__}: {err}); please report it"
            return FetchResult(url=url, final_url=url, status="failed", reason=reason)

    def fetch_many(self, requests: Iterable[str | FetchRequest]) -> list[FetchResult]:
        """Fetch many URLs on ``settings.workers`` threads, results in input order.

        Per-host limits hold across the threads: a host never sees more than
        ``per_host_concurrency`` requests at once, however many of its URLs are queued.
        """
        items = [FetchRequest(r) if isinstance(r, str) else r for r in requests]
        if not items:
            return []
        with ThreadPoolExecutor(max_workers=min(self.settings.workers, len(items))) as pool:
            return list(
                pool.map(lambda r: self.fetch(r.url, etag=r.etag, last_modified=r.last_modified), items)
            )

    # -- attempts and retries ---------------------------------------------------------------

    def _fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            hop = self._follow(url, headers, self.settings.max_bytes, page=True)
            if not hop.retry:
                return self._result(url, hop, attempt, waited)
            limit = self.settings.max_retry_after
            wait = min(self.settings.backoff_base * 2 ** (attempt - 1), limit)
            if attempt > self.settings.max_retries:
                hop.reason += f" (gave up after {attempt} attempts)"
                return self._result(url, hop, attempt, waited)
            if hop.retry_after is not None and hop.retry_after > limit:
                asked = f"the server asks to wait {hop.retry_after:.0f} s, more than the {limit:.0f} s limit"
                hop.reason += f" ({asked}; not retried)"
                return self._result(url, hop, attempt, waited)
            wait = wait if hop.retry_after is None else hop.retry_after
            self._defer_host(httpx.URL(hop.final_url), wait)
            self._sleep(wait)
            waited += wait

    def _result(self, url: str, hop: _Hop, attempts: int, waited: float) -> FetchResult:
        headers = hop.headers or httpx.Headers()
        content_type, charset = _media(headers.get("content-type"))
        return FetchResult(
            url=url,
            final_url=hop.final_url,
            status=hop.status,
            reason=hop.reason,
            http_status=hop.http_status,
            content_type=content_type,
            charset=charset,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            body=hop.body if hop.status == "fetched" else b"",
            attempts=attempts,
            retry_after_waited=waited,
        )

    # -- one attempt: the redirect chain ----------------------------------------------------

    def _follow(self, url: str, headers: dict[str, str], limit: int, page: bool) -> _Hop:
        """One attempt at ``url``: every hop guarded (and robots-checked for pages), redirects followed."""
        self._local.deadline = time.monotonic() + self.settings.total_timeout
        try:
            chain = [url]
            for _ in range(self.settings.max_redirects + 1):
                hop = self._hop(chain[-1], headers, limit, page)
                if not isinstance(hop, str):
                    return hop
                chain.append(hop)
            return self._too_many_redirects(chain)
        finally:
            self._local.deadline = None
            self._local.checked = None

    def _too_many_redirects(self, chain: list[str]) -> _Hop:
        """``chain``: the URLs fetched, then the redirect target not followed."""
        followed = len(chain) - 2
        if chain[-1] in chain[:-1]:
            start = len(chain) - 2 - chain[-2::-1].index(chain[-1])  # the target's previous visit
            cycle = " -> ".join(chain[start:])
            reason = f"failed: redirect loop after {followed} redirects ({cycle})"
        else:
            reason = f"failed: more than {followed} redirects (the last one to {chain[-1]})"
        return _Hop("failed", reason, chain[-2])

    def _hop(self, url: str, headers: dict[str, str], limit: int, page: bool) -> _Hop | str:
        """One request: a _Hop when the chain ends here, or the next URL when it redirects."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as err:
            return _Hop("refused", f"refused: not a valid URL ({err})", url)
        problem = self._check_url(parsed)
        if problem is not None:
            return _Hop("refused" if problem.startswith("refused") else "failed", problem, url)
        if page:
            refusal = self._robots_refusal(parsed)
            if refusal is not None:
                return _Hop("refused" if refusal.startswith("refused") else "failed", refusal, url)
        with self._slot(parsed):
            return self._exchange(parsed, headers, limit, page)

    def _check_url(self, url: httpx.URL) -> str | None:
        """The address guard for one hop; also pins the checked addresses for the connection."""
        if url.scheme not in ("http", "https"):
            shown = url.scheme or "no scheme"
            return f"refused: only http and https URLs are fetched, not {shown}"
        if url.userinfo:
            return "refused: the URL carries a user name or password (credentials are never sent)"
        host = url.raw_host.decode("ascii")  # IDNA-encoded, as the connection will use it
        if not host:
            return "refused: the URL has no host"
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            addresses = self._checked_addresses(host, port)
        except Refused as err:
            return err.reason
        self._local.checked = (host, port, addresses)
        return None

    def _checked_addresses(self, host: str, port: int) -> list[str]:
        """Resolve ``host`` and return its addresses, or raise Refused naming the first bad one."""
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            try:
                addresses = list(self._resolver(host, port))
            except (OSError, UnicodeError) as err:
                detail = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
                raise Refused(f"failed: DNS lookup of {host} failed ({detail})") from None
        if not addresses:
            raise Refused(f"failed: DNS lookup of {host} returned no address")
        for address in addresses:
            problem = address_problem(address, self.allow_private, self.settings.metadata_addresses)
            if problem is None:
                continue
            hint = "" if problem == "a cloud metadata address" else f" ({PRIVATE_HINT})"
            if address == host:
                raise Refused(f"refused: {address} is {problem}{hint}")
            raise Refused(f"refused: {host} resolves to {address}, {problem}{hint}")
        return addresses

    def _connect_addresses(self, host: str, port: int) -> Sequence[str]:
        """For the backend: the addresses this thread's guard just checked, else a fresh checked lookup."""
        checked = getattr(self._local, "checked", None)
        if checked is not None and checked[0] == host and checked[1] == port:
            return list(checked[2])
        return self._checked_addresses(host, port)

    def _deadline(self) -> float | None:
        return getattr(self._local, "deadline", None)

    # -- the exchange -----------------------------------------------------------------------

    def _exchange(self, url: httpx.URL, headers: dict[str, str], limit: int, page: bool) -> _Hop | str:
        request = self._client.build_request("GET", url, headers=headers)
        shown = str(url)
        try:
            response = self._client.send(request, stream=True)
        except Refused as err:
            return _Hop("refused" if err.reason.startswith("refused") else "failed", err.reason, shown)
        except httpx.HTTPError as err:
            return self._network_failure(err, shown, read=False)
        try:
            code = response.status_code
            if code in _REDIRECTS and response.headers.get("location"):
                try:
                    return str(url.join(response.headers["location"]).copy_with(fragment=None))
                except httpx.InvalidURL as err:
                    return _Hop("failed", f"failed: redirect to an invalid URL ({err})", shown, code)
            if code == 304:
                reason = "not modified since the copy held (HTTP 304)"
                return _Hop("not-modified", reason, shown, code, response.headers)
            if not 200 <= code < 300:
                return self._error_status(response, shown)
            if page:
                refusal = self._type_refusal(response.headers.get("content-type"))
                if refusal is not None:
                    return _Hop("refused", refusal, shown, code, response.headers)
            return self._read(response, shown, limit, page)
        finally:
            response.close()

    def _error_status(self, response: httpx.Response, shown: str) -> _Hop:
        code = response.status_code
        reason = f"failed: {_status_text(code)}"
        if code in _REDIRECTS:
            reason += " without a Location header"
        hop = _Hop("failed", reason, shown, code, response.headers)
        if code in _RETRY_STATUSES:
            hop.retry, hop.retry_after = True, _retry_after(response.headers)
        return hop

    def _type_refusal(self, content_type: str | None) -> str | None:
        media, _ = _media(content_type)
        if media is None or media in self.settings.content_types:
            return None
        return (
            f"refused: {media} is not a page or feed type (newsfuse reads HTML, plain text, RSS/Atom and XML)"
        )

    def _network_failure(self, err: httpx.HTTPError, shown: str, read: bool) -> _Hop:
        """A sentence for a transport error; connection failures are retried, read failures not."""
        deadline = self._deadline()
        late = deadline is not None and time.monotonic() >= deadline - 0.05
        detail = str(err) or type(err).__name__
        retry = False
        if late and isinstance(err, httpx.TimeoutException):
            reason = f"failed: took longer than the {self.settings.total_timeout:g} s time limit"
        elif isinstance(err, httpx.ConnectTimeout):
            reason = f"failed: connection timed out after {self.settings.connect_timeout:g} s"
            retry = True
        elif isinstance(err, httpx.ReadTimeout | httpx.WriteTimeout):
            reason = f"failed: read timed out after {self.settings.read_timeout:g} s"
        elif isinstance(err, httpx.ConnectError) and ("SSL" in detail or "certificate" in detail):
            reason = f"failed: TLS handshake with {httpx.URL(shown).host} failed ({detail})"  # not transient
        elif isinstance(err, httpx.ConnectError):
            reason = f"failed: could not connect to {httpx.URL(shown).host} ({detail})"
            retry = True
        elif isinstance(err, httpx.RemoteProtocolError):
            reason = f"failed: the server broke the HTTP protocol ({detail})"
        elif isinstance(err, httpx.DecodingError):
            reason = f"failed: undecodable response body ({detail})"
        else:
            reason = f"failed: connection lost {'while reading' if read else 'during the request'} ({detail})"
        return _Hop("failed", reason, shown, retry=retry)

    def _read(self, response: httpx.Response, shown: str, limit: int, page: bool) -> _Hop:
        """Stream the body raw, capped on the wire and once decompressed; sniff what came."""
        code, headers = response.status_code, response.headers
        declared = headers.get("content-length", "")
        if page and declared.isdigit() and int(declared) > limit:
            size = human_size(int(declared))
            reason = (
                f"failed: over the {human_size(limit)} size limit (the server announced {size}; not read)"
            )
            return _Hop("failed", reason, shown, code, headers)
        coding = headers.get("content-encoding", "identity").strip().lower()
        if coding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            return _Hop("failed", f"failed: unsupported Content-Encoding {coding!r}", shown, code, headers)
        inflater = None if coding in ("", "identity") else _Inflater(coding, limit)
        raw = bytearray()
        deadline = self._deadline()
        try:
            for chunk in response.iter_raw():
                if not page and len(raw) + len(chunk) > limit:  # robots.txt: parse the first `limit` bytes
                    raw += chunk[: limit - len(raw)]
                    break
                if len(raw) + len(chunk) > limit:
                    got = human_size(len(raw) + len(chunk))
                    reason = f"failed: over the {human_size(limit)} size limit (stopped reading after {got})"
                    return _Hop("failed", reason, shown, code, headers)
                if inflater is not None:
                    inflater.feed(chunk)
                raw += chunk
                if deadline is not None and time.monotonic() > deadline:
                    got = human_size(len(raw))
                    reason = f"failed: took longer than the {self.settings.total_timeout:g} s time limit ({got} read)"
                    return _Hop("failed", reason, shown, code, headers)
            if inflater is not None and not inflater.finish():
                return _Hop("failed", f"failed: truncated {coding} body", shown, code, headers)
        except _TooBig:
            reason = f"failed: decompresses past {human_size(limit)} (a gzip bomb?)"
            return _Hop("failed", reason, shown, code, headers)
        except zlib.error as err:
            return _Hop("failed", f"failed: corrupt {coding} body ({err})", shown, code, headers)
        except httpx.HTTPError as err:
            hop = self._network_failure(err, shown, read=True)
            hop.http_status, hop.headers, hop.retry = code, headers, False
            return hop
        body = bytes(inflater.out) if inflater is not None else bytes(raw)
        return self._sniffed(body, shown, code, headers, limit, page)

    def _sniffed(
        self, body: bytes, shown: str, code: int, headers: httpx.Headers, limit: int, page: bool
    ) -> _Hop:
        """A gzip file (sitemap.xml.gz) is opened; binary content served as text is reported."""
        if page and is_gzip(body):
            inner = _Inflater("gzip", limit)
            try:
                inner.feed(body)
                complete = inner.finish()
            except _TooBig:
                return _Hop(
                    "failed", f"failed: decompresses past {human_size(limit)} (a gzip bomb?)", shown, code
                )
            except zlib.error as err:
                return _Hop("failed", f"failed: corrupt gzip file ({err})", shown, code, headers)
            if not complete:
                return _Hop("failed", "failed: truncated gzip file", shown, code, headers)
            body = bytes(inner.out)
        if page:
            binary = binary_reason(body, self.settings.binary_ratio)
            if binary is not None:
                media, _ = _media(headers.get("content-type"))
                served = f" served as {media}" if media else ""
                return _Hop("failed", f"failed: {binary}{served}", shown, code, headers)
        reason = f"fetched: {_status_text(code)}, {human_size(len(body))}"
        return _Hop("fetched", reason, shown, code, headers, body)

    # -- politeness -------------------------------------------------------------------------

    def _host(self, url: httpx.URL) -> _Host:
        key = _host_label(url)
        with self._lock:
            state = self._hosts.get(key)
            if state is None:
                state = _Host(threading.BoundedSemaphore(self.settings.per_host_concurrency))
                state.delay = self.settings.per_host_delay
                self._hosts[key] = state
            return state

    @contextmanager
    def _slot(self, url: httpx.URL) -> Iterator[None]:
        """Hold one of the host's request slots, starting no sooner than its spacing allows.

        Time spent queueing for the slot does not count against the attempt's total deadline: a
        slow page on a host must not make the next hop of another page on that host time out.
        """
        state = self._host(url)
        queued_from = time.monotonic()
        with state.semaphore:
            with state.lock:
                now = self._clock()
                start = max(now, state.next_start)
                state.next_start = start + state.delay
            if start > now:
                self._sleep(start - now)
            deadline = getattr(self._local, "deadline", None)
            if deadline is not None:
                self._local.deadline = deadline + (time.monotonic() - queued_from)
            yield

    def _defer_host(self, url: httpx.URL, wait: float) -> None:
        """A host that asked us to wait (429, 503) gets no request from any thread until then."""
        state = self._host(url)
        with state.lock:
            state.next_start = max(state.next_start, self._clock() + wait)

    def _robots_refusal(self, url: httpx.URL) -> str | None:
        """Why robots.txt forbids ``url`` for our token, or None when it may be fetched."""
        robots = self._robots_for(url)
        if robots.refusal is not None:
            return robots.refusal
        if robots.parser is None:
            return None
        target = url.raw_path.decode("ascii", "replace") or "/"
        if robots.parser.can_fetch(self.settings.robots_token, str(url)):
            return None
        return f"refused: robots.txt of {url.host} disallows {target} for {self.settings.robots_token}"

    def _robots_for(self, url: httpx.URL) -> _Robots:
        key = f"{url.scheme}://{_host_label(url)}"
        with self._lock:
            lock = self._robots_locks.setdefault(key, threading.Lock())
        with lock:  # one fetch of a site's robots.txt however many threads want it
            cached = self._robots.get(key)
            if cached is not None and cached.expires > self._clock():
                return cached
            local = (getattr(self._local, "deadline", None), getattr(self._local, "checked", None))
            try:
                robots = self._fetch_robots(url, key)
            finally:
                self._local.deadline, self._local.checked = local
            self._robots[key] = robots
            return robots

    def _fetch_robots(self, url: httpx.URL, key: str) -> _Robots:
        """RFC 9309 section 2.3.1: 2xx rules apply; 4xx means no rules; 5xx, 429 or no answer means
        the whole site is disallowed until `robots_error_seconds` have passed."""
        settings = self.settings
        hop = self._follow(f"{key}/robots.txt", {}, settings.robots_max_bytes, page=False)
        now = self._clock()
        code = hop.http_status
        if hop.status == "fetched" and code is not None and 200 <= code < 300:
            parser = RobotFileParser()
            parser.parse(hop.body.decode("utf-8", "replace").splitlines())
            delay = parser.crawl_delay(settings.robots_token)
            if delay is not None:
                state = self._host(url)
                with state.lock:
                    state.delay = max(state.delay, min(float(delay), settings.max_crawl_delay))
            return _Robots(parser, None, now + settings.robots_cache_seconds)
        if code is not None and 400 <= code < 500 and code != 429:
            return _Robots(None, None, now + settings.robots_cache_seconds)
        again = f"asking again in {settings.robots_error_seconds / 60:g} min"
        if code is None:  # no answer at all: the site is as unreachable for the page as for robots.txt
            cause = hop.reason.removeprefix("failed: ").removeprefix("refused: ")
            reason = f"failed: robots.txt of {url.host} could not be fetched ({cause}; {again})"
        else:
            reason = (
                f"refused: robots.txt of {url.host} answered {_status_text(code)}; RFC 9309 treats the "
                f"site as disallowed until it answers ({again})"
            )
        return _Robots(None, reason, now + settings.robots_error_seconds)


# ---------------------------------------------------------------------------------------------
# FetchResult -> Document


def document_from_fetch(result: FetchResult, settings: IngestSettings) -> Document:
    """The Document of a fetched page, built like a file's (same sniffing and decoding).

    ``origin`` is the final URL; hints carry ``url`` (the final URL, what cleaning reads the site
    from) and ``requested_url``. Ids hash the final URL with the body, so two feed links that
    redirect to one page give one Document. Refused fetches are skipped, failed ones failed, a 304
    is skipped (the copy held is current); a feed or sitemap is skipped as not an article.
    """
    origin = result.final_url or result.url
    hints: tuple[tuple[str, str], ...] = (("url", origin), ("requested_url", result.url))
    for name, value in (
        ("etag", result.etag),
        ("last_modified", result.last_modified),
        ("content_type", result.content_type),
    ):
        if value:
            hints += ((name, value),)
    media = _document_type(result.content_type)
    shown = media or result.content_type or "application/octet-stream"
    if result.status != "fetched":
        status: DocStatus = "failed" if result.status == "failed" else "skipped"
        return bad_document(result.url, origin, shown, status, result.reason, hints=hints)
    body = result.body
    if not body:
        return bad_document(origin, origin, shown, "skipped", "empty response body (0 bytes)", hints=hints)
    if len(body) > settings.max_bytes:
        reason = f"over the size limit: {human_size(len(body))} > {human_size(settings.max_bytes)}"
        return bad_document(origin, origin, shown, "skipped", reason, size=len(body), hints=hints)
    xml = result.content_type is not None and media is None
    doc = text_document(origin, origin, body, media, settings, declared=result.charset, hints=hints)
    if (xml or body.lstrip()[:5] == b"<?xml") and doc.status == "ok" and doc.media_type != "text/html":
        reason = "a feed or sitemap, not an article page (expand its links with newsfuse.ingest.feeds.expand)"
        return bad_document(
            origin, origin, result.content_type or "application/xml", "skipped", reason, hints=hints
        )
    return doc


def _document_type(content_type: str | None) -> str | None:
    """The Document media type for a Content-Type: HTML and text are kept, others left to sniffing."""
    if content_type in _HTML_TYPES:
        return "text/html"
    if content_type == "text/plain":
        return "text/plain"
    return None
