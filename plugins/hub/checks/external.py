"""Links to other sites, checked only on request (`--external`), never by default or in CI.

Many at once but few per host, with a timeout, retries and an on-disk cache that
expires. Two outcomes matter to a writer: broken (the page or the host does not exist:
an error) and cannot verify (refused, rate-limited, too slow: a warning).
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from hub import findings as fd
from hub.checks.sources import ExternalUse
from hub.settings import HubSettings

OK, BROKEN, UNVERIFIED = "ok", "broken", "unverified"
BROKEN_STATUSES = {404: "page introuvable (404)", 410: "page supprimée (410)"}
RETRY_STATUSES = {429, 500, 502, 503, 504}
USER_AGENT = "hub-checker/1.0 (+link check)"


@dataclass(frozen=True)
class ExternalOutcome:
    status: str  # ok | broken | unverified
    detail: str  # French, shown to writers
    checked: float  # when (epoch seconds)


def is_internal(url: str, hosts: Iterable[str]) -> bool:
    """Hosts of the intranet itself (and their subdomains) are never fetched."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h.lower() or host.endswith("." + h.lower()) for h in hosts)


class Cache:
    """Outcomes by URL in a JSON file; entries older than `max_age` seconds are ignored."""

    def __init__(self, path: Path, max_age: float) -> None:
        self.path = path
        self.max_age = max_age
        self.entries: dict[str, ExternalOutcome] = {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            self.entries = {url: ExternalOutcome(**value) for url, value in raw.items()}
        except (OSError, ValueError, TypeError):
            self.entries = {}

    def get(self, url: str, now: float) -> ExternalOutcome | None:
        entry = self.entries.get(url)
        if entry is None or now - entry.checked > self.max_age:
            return None
        return entry

    def put(self, url: str, outcome: ExternalOutcome) -> None:
        self.entries[url] = outcome

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {url: asdict(o) for url, o in sorted(self.entries.items())}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        tmp.replace(self.path)


class Fetcher:
    """Checks URLs concurrently with at most `per_host` requests to any one host."""

    def __init__(self, timeout: float, retries: int, per_host: int, workers: int = 16) -> None:
        self.timeout = timeout
        self.retries = retries
        self.per_host = per_host
        self.workers = workers
        self._hosts: dict[str, threading.Semaphore] = defaultdict(
            lambda: threading.Semaphore(self.per_host))
        self._lock = threading.Lock()

    def check_all(self, urls: list[str]) -> dict[str, ExternalOutcome]:
        if not urls:
            return {}
        with ThreadPoolExecutor(max_workers=min(self.workers, len(urls))) as pool:
            return dict(zip(urls, pool.map(self.check, urls), strict=True))

    def _semaphore(self, url: str) -> threading.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            return self._hosts[host]

    def check(self, url: str) -> ExternalOutcome:
        outcome = ExternalOutcome(UNVERIFIED, "pas de réponse", time.time())
        for attempt in range(self.retries + 1):
            with self._semaphore(url):
                outcome, retry = self._once(url)
            if not retry:
                break
            if attempt < self.retries:
                time.sleep(min(0.2 * 2**attempt, 2.0))
        return outcome

    def _once(self, url: str) -> tuple[ExternalOutcome, bool]:
        """One attempt (HEAD, then GET if HEAD is refused); True when worth retrying."""
        status: int | None = None
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method,
                                             headers={"User-Agent": USER_AGENT})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except urllib.error.URLError as exc:
                return _network(exc.reason)
            except TimeoutError:
                return ExternalOutcome(UNVERIFIED, "délai dépassé", time.time()), True
            except (ConnectionError, OSError) as exc:
                return _network(exc)
            if method == "HEAD" and status in (400, 403, 405, 501):
                continue  # some servers refuse HEAD only
            break
        return _classify(status or 0), (status or 0) in RETRY_STATUSES


def _network(reason: object) -> tuple[ExternalOutcome, bool]:
    now = time.time()
    if isinstance(reason, socket.gaierror):
        return ExternalOutcome(BROKEN, "serveur inconnu", now), False
    if isinstance(reason, TimeoutError):
        return ExternalOutcome(UNVERIFIED, "délai dépassé", now), True
    return ExternalOutcome(UNVERIFIED, "connexion impossible", now), True


def _classify(status: int) -> ExternalOutcome:
    now = time.time()
    if 200 <= status < 400:
        return ExternalOutcome(OK, f"{status}", now)
    if status in BROKEN_STATUSES:
        return ExternalOutcome(BROKEN, BROKEN_STATUSES[status], now)
    if status == 403:
        return ExternalOutcome(UNVERIFIED, "accès refusé (403)", now)
    if status == 429:
        return ExternalOutcome(UNVERIFIED, "trop de requêtes (429)", now)
    if status >= 500:
        return ExternalOutcome(UNVERIFIED, f"erreur du serveur ({status})", now)
    return ExternalOutcome(UNVERIFIED, f"réponse {status}", now)


def check_urls(urls: Iterable[str], settings: HubSettings,
               root: Path) -> dict[str, ExternalOutcome]:
    """The outcome of every URL not on the intranet, from the cache when fresh enough."""
    cache_path = Path(settings.HUB_EXTERNAL_CACHE)
    if not cache_path.is_absolute():
        cache_path = root / cache_path
    cache = Cache(cache_path, settings.HUB_EXTERNAL_CACHE_HOURS * 3600)
    now = time.time()
    wanted = sorted({u for u in urls if not is_internal(u, settings.HUB_INTERNAL_HOSTS)})
    outcomes = {u: o for u in wanted if (o := cache.get(u, now)) is not None}
    fetcher = Fetcher(settings.HUB_EXTERNAL_TIMEOUT, settings.HUB_EXTERNAL_RETRIES,
                      settings.HUB_EXTERNAL_PER_HOST)
    fresh = fetcher.check_all([u for u in wanted if u not in outcomes])
    for url, outcome in fresh.items():
        cache.put(url, outcome)
        outcomes[url] = outcome
    if fresh:
        cache.save()
    return outcomes


def check_uses(uses: list[ExternalUse], settings: HubSettings, root: Path) -> list[fd.Finding]:
    """A finding at every place a broken or unverifiable external link is written."""
    outcomes = check_urls((u.url for u in uses), settings, root)
    findings = []
    for use in uses:
        outcome = outcomes.get(use.url)
        if outcome is None or outcome.status == OK:
            continue
        code = "external-broken" if outcome.status == BROKEN else "external-unverified"
        findings.append(fd.make(code, use.file, use.line, value=use.url, detail=outcome.detail))
    return findings


__all__ = ["Cache", "Fetcher", "ExternalOutcome", "check_urls", "check_uses", "is_internal"]
