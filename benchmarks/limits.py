"""Bounded work (issue 21): inputs far past the hub's limits (`HUB_MAX_…`), each added to
the mini site; the build (or the check) must end in bounded time and memory, with the
finding, and the rest of the site built. Figures for `run.py --only limits`."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))

from hub.settings import HubSettings  # noqa: E402
from support import FIXTURES, TODAY  # noqa: E402

WORK = ROOT / "benchmarks" / "out" / "limits"
REGISTRY = "anciennes-adresses.json"
LIMIT = HubSettings()
NEWS = "Title: {title}\nDate: 2026-11-02\nSummary: Un essai.\nKind: info\n{header}\n{body}"


@dataclass(frozen=True)
class Case:
    """One input far past a limit (or at it), and what must come of it."""

    name: str
    plant: Callable[[Path], None]  # adds the input to a copy of the mini site
    expected: str  # the finding's code ("" when the input is within the limits)
    target_s: float  # wall time the run must stay under
    check: bool = False  # measured on the checker with proofreading, not on the build


def _news(content: Path, slug: str, body: str, header: str = "") -> None:
    text = NEWS.format(title=slug.capitalize(), header=header, body=body)
    (content / "news" / f"{slug}.md").write_text(text, encoding="utf-8")


def _redirects(count: int) -> Callable[[Path], None]:
    def plant(content: Path) -> None:
        data = {"redirects": {f"vieux/page-{n}/": "services/messagerie/" for n in range(count)},
                "items": []}
        (content / REGISTRY).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return plant


def _tags(count: int) -> Callable[[Path], None]:
    return lambda content: _news(content, "etiquettes", "Du texte.\n",
                                 "Tags: " + ", ".join(f"mot-{n}" for n in range(count)) + "\n")


def _base64(content: Path) -> None:
    blob = base64.b64encode(bytes(range(256)) * 600).decode()
    lines = "\n".join(blob[i:i + 76] for i in range(0, len(blob), 76))
    _news(content, "image-collee", "Voici l'image.\n\n" + lines + "\n")


CASES = [
    Case(f"{LIMIT.HUB_MAX_REDIRECTS:,} old addresses (at the limit: all written)",
         _redirects(LIMIT.HUB_MAX_REDIRECTS), "", 60.0),
    Case("200,000 old addresses", _redirects(200_000), "too-many-old-addresses", 30.0),
    Case("2,000 old addresses", _redirects(2_000), "", 10.0),
    Case("20,000 tags in one news item (its line is past the line limit)", _tags(20_000),
         "line-too-long", 15.0),
    Case("2,000 tags in one news item", _tags(2_000), "too-many-values", 15.0),
    Case("40,000 « [ » in one paragraph",
         lambda c: _news(c, "crochets", "\n".join("[" * 100 for _ in range(400)) + "\n"),
         "too-many-brackets", 10.0),
    Case("10,000 « [ » as list items (a list of links)",
         lambda c: _news(c, "liste", "\n".join(f"- [fiche {n}]({{service}}messagerie)"
                                               for n in range(10_000)) + "\n"), "", 30.0),
    Case("10 MB source file", lambda c: _news(c, "enorme", "Du texte sans fin. " * 550_000),
         "too-large", 10.0),
    Case("900 KB on one line", lambda c: _news(c, "ligne", "mot " * 225_000),
         "line-too-long", 10.0),
    Case("5,000 nested quotes", lambda c: _news(c, "citations", ">" * 5000 + " x\n"),
         "too-deep", 10.0),
    Case("250 KB of unclosed backticks (check with proofreading)",
         lambda c: _news(c, "accents", "\n".join("`" * 1000 for _ in range(250)) + "\n"),
         "", 60.0, check=True),
    Case("200 KB base64 image in a body (check with proofreading)", _base64,
         "word-not-proofread", 60.0, check=True),
]


def _run(cmd: list[str], timeout: float) -> tuple[float, float, bool]:
    """Wall time (s), peak memory (MB) of the process and its children, finished in time."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = start + timeout
    while True:
        pid, _status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = 0
            return time.perf_counter() - start, usage.ru_maxrss / 1024, True
        if time.perf_counter() > deadline:
            os.killpg(process.pid, 9)
            process.wait()
            return time.perf_counter() - start, 0.0, False
        time.sleep(0.05)


def _command(case: Case, content: Path, output: Path, report: Path) -> list[str]:
    settings = [f'HUB_TODAY="{TODAY}"', 'HUB_FEED_IDS=""', f'HUB_REDIRECTS="{REGISTRY}"']
    if case.check:
        return [sys.executable, "-m", "hub.checks", "--content", str(content), "--sources-only",
                "--format", "json", "--report", str(report),
                "--proofread-cache", str(report.with_suffix(".cache.json")), "-e", *settings]
    return [sys.executable, "-m", "pelican", str(content), "-o", str(output),
            "-s", str(ROOT / "pelicanconf.py"), "-e", *settings, "HUB_SEARCH=false"]


def _findings(case: Case, content: Path, output: Path, report: Path) -> list[str]:
    """The codes of the errors and limit warnings of the run (the checker's report)."""
    if not case.check:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
        subprocess.run([sys.executable, "-m", "hub.checks", "--content", str(content),
                        "--sources-only", "--no-proofread", "--format", "json", "--report",
                        str(report), "-e", f'HUB_TODAY="{TODAY}"', 'HUB_FEED_IDS=""',
                        f'HUB_REDIRECTS="{REGISTRY}"'], cwd=ROOT, env=env,
                       capture_output=True, check=False)
    found = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return [f["code"] for f in found if f["severity"] == "error" or f["code"].startswith("word")]


def measure(case: Case) -> tuple[float, float, str]:
    """(seconds, MB, verdict) of one case, on a fresh copy of the mini site."""
    folder = WORK / "".join(c if c.isalnum() else "-" for c in case.name)[:40]
    shutil.rmtree(folder, ignore_errors=True)
    content, output, report = folder / "content", folder / "output", folder / "report.json"
    shutil.copytree(FIXTURES / "mini-site", content)
    case.plant(content)
    seconds, memory, finished = _run(_command(case, content, output, report), case.target_s * 3)
    if not finished:
        return seconds, memory, f"cut after {seconds:.0f} s"
    codes = _findings(case, content, output, report)
    built = case.check or (output / "services" / "messagerie" / "index.html").is_file()
    ok = (codes == [case.expected] if case.expected else not codes) and built
    verdict = "finding, rest built" if case.expected else "built"
    return seconds, memory, verdict if ok else f"unexpected: {codes[:3]}, site built: {built}"


def rows() -> list[tuple[str, str, str, str]]:
    """(measure, value, baseline, note) of every case, the mini site alone first."""
    base = Case("mini site alone", lambda content: None, "", 10.0)
    seconds, memory, _ = measure(base)
    baseline = f"mini site alone: {seconds:.1f} s, {memory:.0f} MB"
    out = []
    for case in CASES:
        spent, peak, verdict = measure(case)
        out.append((case.name, f"{spent:.1f} s, {peak:.0f} MB", baseline,
                    f"target ≤ {case.target_s:.0f} s; {verdict}"))
    return out
