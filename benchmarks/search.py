"""The search section of the benchmarks: quality, index time, bundle size, latency.

- quality: each query set of tests/search/ (and the outside folder's questions when they
  are there) typed into the real search page in Chromium (tests/search_quality.py):
  success at 1 and 3, mean reciprocal rank; with `--compare PATH`, the same sets on the
  other checkout's build, side by side;
- index time and bundle size on the generated corpus: Pagefind (and the site's vocabulary)
  run again on the built output, timed; the bundle's bytes; with `--compare`, the same on
  the other checkout's output of the same corpus;
- latency: on that corpus, the time from the last keystroke to the first result on screen
  (median and worst of the queries below), in headless Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from search_quality import Figures, Query, QuerySet, ask_all, figures, load_set
from support import ROOT, TODAY
from test_theme_support import chromium, serve

SETS = sorted((ROOT / "tests" / "search").glob("*.json"))
OUTSIDE = ROOT / "tests" / "outside"
LATENCY_QUERIES = ("messagerie", "vpn", "imprimante", "mesagerie", "wifi invités",
                   "travailler depuis chez moi", "assistance", "xylophone")
TARGET_MS = 300


@dataclass(frozen=True)
class Checkout:
    """A hub checkout whose builds are measured (this one, or `--compare`'s)."""

    root: Path
    name: str

    @property
    def python(self) -> str:
        own = self.root / ".venv" / "bin" / "python"
        return str(own) if own.exists() else sys.executable

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.root / "plugins"), "HUB_TODAY": TODAY}

    def build(self, content: Path, output: Path) -> None:
        """Build a copy of `content` (a build keeps its feed identities and old addresses
        in the folder it builds: the query sets' folders stay as committed)."""
        shutil.rmtree(output, ignore_errors=True)
        copy = output.parent / f"{output.name}-content"
        shutil.rmtree(copy, ignore_errors=True)
        content = Path(shutil.copytree(content, copy))
        cmd = [self.python, "-m", "invoke", "build", "--content", str(content),
               "--output", str(output), "--force"]
        done = subprocess.run(cmd, cwd=self.root, env=self.env(), capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{self.name}: build of {content} failed:\n{done.stderr[-2000:]}")

    def head(self) -> str:
        return subprocess.run(["git", "-C", str(self.root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=False).stdout.strip()


def outside_set() -> QuerySet | None:
    """The outside folder's questions, as a query set (when the folder is there)."""
    questions = OUTSIDE / "questions.json"
    if not questions.is_file():
        return None
    data = json.loads(questions.read_text(encoding="utf-8"))
    items = data["questions"] if isinstance(data, dict) else data
    queries = tuple(Query(q["query"], tuple(_expected(q)), q.get("kind", "outside"))
                    for q in items)
    return QuerySet("outside", OUTSIDE / "content", queries)


def _expected(question: dict) -> list[str]:
    wanted = question.get("expect", question.get("expected", []))
    wanted = [wanted] if isinstance(wanted, str) else list(wanted or [])
    return [w.strip("/") + "/" if w.strip("/") else "" for w in wanted]


def quality(sets: list[QuerySet], checkout: Checkout, work: Path) -> dict[str, Figures]:
    found: dict[str, Figures] = {}
    with chromium() as browser:
        for query_set in sets:
            site = work / f"{query_set.name}-{checkout.root.name}"
            checkout.build(query_set.content, site)
            with serve(site) as url:
                found[query_set.name] = figures(ask_all(browser, url, query_set.queries))
    return found


INDEX = """
import sys, time
from pathlib import Path
from hub.search import index
site = Path(sys.argv[1])
start = time.perf_counter()
problem = index.index_site(site)
try:
    from hub.search import vocabulary
except ImportError:  # a checkout from before the vocabulary
    vocabulary = None
if vocabulary is not None:
    vocabulary.write(site)
print(time.perf_counter() - start, problem is None)
"""


def index_time(output: Path, checkout: Checkout) -> tuple[float, int]:
    """Seconds to index `output` again with `checkout`'s search step, and the bundle's
    bytes (Pagefind's files and, where the checkout writes one, its vocabulary)."""
    bundle = output / "pagefind"
    shutil.rmtree(bundle, ignore_errors=True)
    done = subprocess.run([checkout.python, "-c", INDEX, str(output)], cwd=checkout.root,
                          env=checkout.env(), capture_output=True, text=True, check=False)
    if done.returncode != 0 or not done.stdout.split()[-1:] == ["True"]:
        raise SystemExit(f"{checkout.name}: indexing failed:\n{done.stderr[-2000:]}")
    seconds = float(done.stdout.split()[0])
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return seconds, size


MEASURE_LATENCY = """async (query) => {
  const box = document.querySelector('[data-search-form] input[name=q]');
  const list = document.querySelector('[data-search-results]');
  box.value = '';
  let last = 0;
  const shown = new Promise((resolve) => {
    new MutationObserver((changes, observer) => {
      if (list.dataset.query === query) { observer.disconnect(); resolve(performance.now()); }
    }).observe(list, {attributes: true, childList: true});
  });
  for (const letter of query) {
    box.value += letter;
    last = performance.now();
    box.dispatchEvent(new Event('input', {bubbles: true}));
    await new Promise((r) => setTimeout(r, 40));
  }
  return (await shown) - last;
}"""


def latency(output: Path) -> list[float]:
    """Milliseconds from the last keystroke to the results on screen, per query."""
    found = []
    with serve(output) as url, chromium() as browser:
        page = browser.new_page()
        page.goto(url + "recherche/")
        page.wait_for_selector("html[data-search-ready]")
        for query in LATENCY_QUERIES:
            found.append(float(page.evaluate(MEASURE_LATENCY, query)))
    return found


def rows(built: Callable[[int], tuple[Path, Path]], items: int,
         compare: Path | None) -> list[tuple[str, str, str, str]]:
    this = Checkout(ROOT, "this checkout")
    other = Checkout(compare.resolve(), str(compare)) if compare else None
    sets = [load_set(p) for p in SETS]
    outside = outside_set()
    if outside is not None:
        sets.append(outside)
    lines: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        mine = quality(sets, this, Path(tmp))
        theirs = quality(sets, other, Path(tmp)) if other else {}
    for name, figs in mine.items():
        before = theirs.get(name)
        was = _figures(before) + (f" ({other.head()})" if before and other else "")
        lines.append((f"{name}: success@1 / @3 / MRR ({figs.queries} questions)",
                      _figures(figs), was, f"{figs.empty_but_answered} answerable with no result"))
    _, output = built(items)
    seconds, size = index_time(output, this)
    base_time = base_size = ""
    if other is not None:
        other_out = output.parent / f"c{items}-compare"
        other.build(built(items)[0], other_out)
        before_seconds, before_size = index_time(other_out, other)
        base_time = f"{before_seconds:.1f} s ({before_seconds and seconds / before_seconds:.2f}×)"
        base_size = f"{before_size / 1e6:.2f} MB ({size / before_size:.2f}×)"
    lines.append((f"index time, {items} items (Pagefind and vocabulary)", f"{seconds:.1f} s",
                  base_time, "target ≤ 1.2× before"))
    lines.append((f"bundle size, {items} items", f"{size / 1e6:.2f} MB", base_size,
                  "target ≤ 1.2× before"))
    delays = latency(output)
    lines.append((f"first result on screen after the last keystroke, {items} items",
                  f"median {statistics.median(delays):.0f} ms, worst {max(delays):.0f} ms",
                  f"target {TARGET_MS} ms", f"{len(delays)} queries typed in Chromium"))
    return lines


def _figures(figs: Figures | None) -> str:
    return f"{figs.at1:.2f} / {figs.at3:.2f} / {figs.mrr:.2f}" if figs else ""

