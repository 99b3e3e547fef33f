"""The `stats` section's log: a combined-format access log of the sample site, as large as
asked (1 GB by default), written once and cached under benchmarks/out/."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
)
PATHS = ("/", "/services/messagerie-agenda/", "/services/partage-fichiers/",
         "/recherche/sans-resultat/?q=dropbox", "/avis/?page=services/acces-distant/&utile=non",
         "/flux/tout/rss.xml", "/theme/css/hub.css", "/services/inexistant/",
         "/histoires/agence-nantes-devis-signes/", "/pagefind/pagefind.js")


def write(path: Path, size: int, seed: int = 1) -> Path:
    """`path` of about `size` bytes, kept when it is already there and large enough."""
    if path.is_file() and path.stat().st_size >= size:
        return path
    rng = random.Random(seed)
    start = dt.datetime(2026, 11, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    lines = []
    for n in range(20_000):
        when = (start + dt.timedelta(seconds=n * 37)).strftime("%d/%b/%Y:%H:%M:%S %z")
        target = rng.choice(PATHS)
        status = 404 if "inexistant" in target else rng.choice((200, 200, 200, 304))
        lines.append(f'10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)} - - '
                     f'[{when}] "GET {target} HTTP/1.1" {status} {rng.randrange(90000)} '
                     f'"-" "{rng.choice(AGENTS)}"\n')
    block = "".join(lines).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        written = 0
        while written < size:
            out.write(block)
            written += len(block)
    return path
