"""The network side of ``--online``: resolve DOIs at doi.org and ask web sites whether their pages exist.

Standard library only (urllib). Every request goes through :class:`Client`, which

* waits between two requests to one host (a per-host rate limit), so no site sees a burst;
* gives up on one attempt after a timeout, and retries timeouts, 429 and 5xx answers with exponential
  backoff (honouring a short ``Retry-After``);
* keeps definite answers (found, not found, a page's status) in a JSON cache file with an expiry, so a
  second run within the expiry asks the network nothing.

The base URL of the DOI resolver is a setting, so the tests can play doi.org with a local server.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import http.client
import json
import os
import pathlib
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CSL_JSON = "application/vnd.citationstyles.csl+json"
USER_AGENT = "vertebroplasty-handbook-reference-checker/1.0 (urllib)"
# Answers worth another try: the server is busy or briefly broken.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Answers after which a HEAD request is repeated as GET: some servers do not implement HEAD properly.
HEAD_REFUSED = frozenset({400, 403, 404, 405, 501})
# The longest Retry-After the client waits for, in seconds; a longer one is cut to this.
MAX_RETRY_AFTER = 30.0
CACHE_VERSION = 1


@dataclasses.dataclass(frozen=True)
class Settings:
    """How the client talks to the network (the command line's --online options)."""

    doi_resolver: str = "https://doi.org"
    """Base URL of the DOI resolver; a DOI is appended after a slash."""
    timeout: float = 10.0
    """Seconds to wait for one answer."""
    retries: int = 3
    """How many times to try again after a timeout, a 429 or a 5xx answer."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled for each further one."""
    per_host_interval: float = 1.0
    """Seconds between the starts of two requests to the same host."""
    cache_path: pathlib.Path | None = None
    """The JSON cache file, or None for no cache."""
    cache_max_age: float = 7 * 24 * 3600.0
    """Seconds for which a cached answer is trusted."""
    workers: int = 8
    """Requests in flight at once (to different hosts; one host still gets one at a time)."""


@dataclasses.dataclass(frozen=True)
class Answer:
    """What a server said to one request, after retries."""

    status: int
    """The HTTP status, or 0 if no answer came (timeout, refused connection, bad host name)."""
    body: bytes = b""
    error: str = ""
    """Why there is no answer, when status is 0."""
    retry_after: float | None = None
    """The server's Retry-After, in seconds, if it sent one."""


@dataclasses.dataclass(frozen=True)
class DoiRecord:
    """What the DOI resolver knows about one DOI."""

    doi: str
    state: str
    """``found``, ``not-found`` (the resolver says it does not exist) or ``unknown`` (no usable answer)."""
    title: str = ""
    years: tuple[int, ...] = ()
    """The years of the issued, print and online publication dates (they often differ by one)."""
    first_author: str = ""
    """The first author's family name, if the record has one."""
    detail: str = ""
    """For ``unknown``: why."""


@dataclasses.dataclass(frozen=True)
class PageStatus:
    """Whether one web address answers."""

    url: str
    state: str
    """``ok``, ``broken`` (an error status) or ``unknown`` (no answer: timeout, network)."""
    status: int = 0
    detail: str = ""


class Cache:
    """A JSON file of answers, each stored with the time it was stored; older than the expiry means absent."""

    def __init__(self, path: pathlib.Path | None, max_age: float, clock=time.time) -> None:
        self.path = path
        self.max_age = max_age
        self.clock = clock
        self.lock = threading.Lock()
        self.entries: dict[str, dict] = {}
        if path is not None and path.is_file():
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                document = {}  # a damaged cache is only a slower run
            if isinstance(document, dict) and document.get("version") == CACHE_VERSION:
                self.entries = document.get("entries", {})

    def get(self, key: str) -> dict | None:
        with self.lock:
            stored = self.entries.get(key)
        if stored is None or self.clock() - stored.get("stored", 0) > self.max_age:
            return None
        return stored.get("value")

    def put(self, key: str, value: dict) -> None:
        with self.lock:
            self.entries[key] = {"stored": self.clock(), "value": value}

    def save(self) -> None:
        """Write the file atomically, dropping expired answers."""
        if self.path is None:
            return
        now = self.clock()
        with self.lock:
            kept = {key: stored for key, stored in self.entries.items()
                    if now - stored.get("stored", 0) <= self.max_age}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps({"version": CACHE_VERSION, "entries": kept}, indent=1, sort_keys=True),
                             encoding="utf-8")
        os.replace(temporary, self.path)


class RateLimiter:
    """Spaces the requests to each host at least *interval* seconds apart."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.lock = threading.Lock()
        self.host_locks: dict[str, threading.Lock] = {}
        self.next_start: dict[str, float] = {}

    def wait(self, host: str) -> threading.Lock:
        """Wait for *host*'s turn; returns its lock, held, to be released when the request is done."""
        with self.lock:
            host_lock = self.host_locks.setdefault(host, threading.Lock())
        host_lock.acquire()
        delay = self.next_start.get(host, 0.0) - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self.next_start[host] = time.monotonic() + self.interval
        return host_lock


class _KeepHeadOnRedirect(urllib.request.HTTPRedirectHandler):
    """Follow a redirect of a HEAD request with HEAD (urllib would turn it into a GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


class Client:
    """Asks the network, politely and with a cache; see the module's docstring."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cache = Cache(settings.cache_path, settings.cache_max_age)
        self.limiter = RateLimiter(settings.per_host_interval)
        self.opener = urllib.request.build_opener(_KeepHeadOnRedirect())
        # Every answer of this run, the uncertain ones too: two checks asking about one DOI ask once.
        self.answered: dict[str, DoiRecord | PageStatus] = {}

    # -- one request, with retries --------------------------------------------------------------

    def request(self, url: str, method: str = "GET", accept: str = "*/*", read_body: bool = False) -> Answer:
        try:
            host = urllib.parse.urlsplit(url).netloc.lower()
        except ValueError as error:
            return Answer(0, error=f"not a well-formed URL ({error})")
        answer = Answer(0, error="not tried")
        for attempt in range(self.settings.retries + 1):
            if attempt:
                time.sleep(self.retry_delay(attempt, answer))
            answer = self.request_once(url, method, accept, host, read_body)
            if answer.status not in RETRY_STATUSES and answer.status != 0:
                return answer
        return answer

    def retry_delay(self, attempt: int, previous: Answer) -> float:
        delay = self.settings.backoff * 2 ** (attempt - 1)
        if previous.retry_after is not None:
            delay = max(delay, min(previous.retry_after, MAX_RETRY_AFTER))
        return delay

    def request_once(self, url: str, method: str, accept: str, host: str, read_body: bool) -> Answer:
        host_lock = self.limiter.wait(host)
        try:
            request = urllib.request.Request(url, method=method, headers={"Accept": accept, "User-Agent": USER_AGENT})
            with self.opener.open(request, timeout=self.settings.timeout) as response:
                return Answer(response.status, response.read() if read_body else b"")
        except urllib.error.HTTPError as error:
            retry_after = (error.headers.get("Retry-After") or "") if error.headers else ""
            return Answer(error.code, retry_after=float(retry_after) if retry_after.isdigit() else None)
        except (OSError, http.client.HTTPException, ValueError) as error:  # URLError, timeouts: OSErrors
            reason = getattr(error, "reason", error)
            text = "timed out" if isinstance(reason, TimeoutError) else str(reason) or type(reason).__name__
            return Answer(0, error=f"no answer ({text})")
        finally:
            host_lock.release()

    # -- DOIs ---------------------------------------------------------------------------------------

    def resolve_dois(self, dois) -> dict[str, DoiRecord]:
        """A record per DOI, from this run's answers, the cache or the resolver."""
        return self._each(sorted(set(dois)), self.resolve_doi, "doi")

    def resolve_doi(self, doi: str) -> DoiRecord:
        key = f"doi {doi.lower()}"
        if (cached := self.cache.get(key)) is not None:
            return DoiRecord(**{**cached, "years": tuple(cached["years"])})
        url = f"{self.settings.doi_resolver.rstrip('/')}/{urllib.parse.quote(doi, safe='/:;()<>')}"
        answer = self.request(url, accept=CSL_JSON, read_body=True)
        if answer.status == 404:
            record = DoiRecord(doi, "not-found")
        elif answer.status == 200:
            record = record_from_csl(doi, answer.body)
        else:
            return DoiRecord(doi, "unknown", detail=answer.error or f"the resolver answered {answer.status}")
        if record.state != "unknown":
            self.cache.put(key, dataclasses.asdict(record))
        return record

    # -- web pages ----------------------------------------------------------------------------------

    def check_pages(self, urls) -> dict[str, PageStatus]:
        """A status per URL, from this run's answers, the cache or the site (HEAD, then GET if HEAD is refused)."""
        return self._each(sorted(set(urls)), self.check_page, "url")

    def check_page(self, url: str) -> PageStatus:
        key = f"url {url}"
        if (cached := self.cache.get(key)) is not None:
            return PageStatus(**cached)
        answer = self.request(url, method="HEAD")
        if answer.status in HEAD_REFUSED or answer.status == 0 and "timed out" not in answer.error:
            answer = self.request(url, method="GET")
        if answer.status == 0:
            return PageStatus(url, "unknown", 0, answer.error)
        if answer.status in RETRY_STATUSES:
            return PageStatus(url, "unknown", answer.status, f"answered {answer.status} after every retry")
        status = PageStatus(url, "ok" if answer.status < 400 else "broken", answer.status)
        self.cache.put(key, dataclasses.asdict(status))
        return status

    def _each(self, items: list[str], function, kind: str) -> dict:
        """*function* of each item, in parallel, asking nothing already answered in this run."""
        new = [item for item in items if f"{kind} {item}" not in self.answered]
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, self.settings.workers)) as pool:
            for item, result in zip(new, pool.map(function, new)):
                self.answered[f"{kind} {item}"] = result
        return {item: self.answered[f"{kind} {item}"] for item in items}

    def save(self) -> None:
        self.cache.save()


def csl_years(record: dict) -> tuple[int, ...]:
    years = set()
    for name in ("issued", "published-print", "published-online", "published"):
        parts = (record.get(name) or {}).get("date-parts") or [[]]
        if parts and parts[0] and str(parts[0][0]).isdigit():
            years.add(int(parts[0][0]))
    return tuple(sorted(years))


def record_from_csl(doi: str, body: bytes) -> DoiRecord:
    """The parts of a CSL-JSON record that the checks compare with an entry."""
    try:
        record = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return DoiRecord(doi, "unknown", detail="the resolver's answer is not CSL JSON")
    if not isinstance(record, dict):
        return DoiRecord(doi, "unknown", detail="the resolver's answer is not a CSL JSON object")
    title = record.get("title") or ""
    if isinstance(title, list):
        title = title[0] if title else ""
    authors = record.get("author") or []
    first_author = ""
    if authors and isinstance(authors[0], dict):
        first_author = authors[0].get("family") or ""
    return DoiRecord(doi, "found", re.sub(r"<[^>]+>", "", str(title)), csl_years(record), first_author)

