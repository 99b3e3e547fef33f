"""The project's benchmarks: one table of figures, each next to a baseline of the same run.

    .venv/bin/python benchmarks/run.py                 # every section
    .venv/bin/python benchmarks/run.py --only checker  # one section
    .venv/bin/python benchmarks/run.py --list
    ./hub bench --only build --items 1125 --compare /tmp/before   # before and after, one run

`--hub PATH` measures another checkout of the hub instead of this one, `--compare PATH`
adds its column next to this one's (build section: its commands run from that folder);
make one with `git worktree add /tmp/before <commit>`.

Adding a section: write `def my_section(ctx: Context) -> list[Row]` and decorate it with
`@section("name", "what it measures")`. Generated corpora and their builds are cached
under benchmarks/corpora/ and benchmarks/out/ (ignored by git); `ctx.built(size)` gives
the output folder of a corpus of that many items, building it once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

import corpus as corpus_gen  # noqa: E402
from support import TODAY, build_site  # noqa: E402

CORPORA = ROOT / "benchmarks" / "corpora"
OUTPUTS = ROOT / "benchmarks" / "out"


@dataclass(frozen=True)
class Row:
    """One line of the table: a measure, its value, and the baseline it compares to."""

    section: str
    measure: str
    value: str
    baseline: str = ""
    note: str = ""
    compared: str = ""  # the value for the checkout given with --compare


@dataclass
class Context:
    args: argparse.Namespace
    columns: list[str] = field(default_factory=list)  # who the value columns measure
    _built: dict[int, tuple[Path, Path]] = field(default_factory=dict)

    def corpus(self, items: int, photos: bool = True) -> Path:
        """A generated corpus of `items` items, regenerated when the generator changes."""
        content = CORPORA / (f"c{items}" if photos else f"c{items}-sans-photos")
        stamp = content / ".bench-corpus"
        wanted = (f"items={items} seed={self.args.seed} photos={photos} "
                  f"generator={_generator_version()}")
        if self.args.rebuild or not stamp.is_file() or stamp.read_text() != wanted:
            corpus_gen.generate(content, items, self.args.seed, photos=photos)
            stamp.write_text(wanted)
        return content

    def built(self, items: int) -> tuple[Path, Path]:
        """(content, output) of a generated corpus of `items` items, built once and cached."""
        if items in self._built:
            return self._built[items]
        content = self.corpus(items)
        output = OUTPUTS / f"c{items}"
        stamp = output / ".bench-stamp"
        wanted = (content / ".bench-corpus").read_text() + f" code={_code_version()}"
        if not stamp.is_file() or stamp.read_text() != wanted:
            if output.exists():
                shutil.rmtree(output)
            print(f"… building the {items}-item corpus (cached for next runs)", file=sys.stderr)
            result = build_site(content, output)
            if result.returncode != 0:
                raise SystemExit(f"build of {content} failed:\n{result.stdout[-2000:]}")
            stamp.write_text(wanted)
        self._built[items] = (content, output)
        return content, output


def _generator_version() -> str:
    return hashlib.sha1((ROOT / "benchmarks" / "corpus.py").read_bytes()).hexdigest()[:12]


def _code_version() -> str:
    """Changes with the plugins and the theme: a built corpus is rebuilt after them."""
    digest = hashlib.sha1()
    for folder in ("plugins", "theme"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


Section = Callable[[Context], list[Row]]
SECTIONS: dict[str, tuple[str, Section]] = {}


def section(name: str, description: str) -> Callable[[Section], Section]:
    def register(fn: Section) -> Section:
        SECTIONS[name] = (description, fn)
        return fn

    return register


Completed = subprocess.CompletedProcess[str]


def timed(cmd: list[str], timeout: float | None = None,
          env: dict[str, str] | None = None) -> tuple[float, Completed | None]:
    """Wall time of a command; (timeout, None) when it was cut."""
    start = time.perf_counter()
    try:
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                                env=env, check=False)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None
    return time.perf_counter() - start, result


def html_pages(output: Path) -> int:
    return sum(1 for _ in output.rglob("*.html"))


# --- the link checker (issue 3) ---------------------------------------------------------

def run_checker(content: Path, output: Path | None, *extra: str) -> tuple[float, dict]:
    """One `invoke check` (without proofreading unless `extra` asks for its cache)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    where = ["--output", str(output)] if output else ["--sources-only"]
    cmd = [sys.executable, "-m", "hub.checks", "--content", str(content), *where,
           "-e", f'HUB_TODAY="{TODAY}"', "--format", "json", "--report",
           os.devnull, "--stats", *(extra or ["--no-proofread"])]
    seconds, result = timed(cmd, env=env)
    assert result is not None
    stats = json.loads(result.stderr.strip().splitlines()[-1])
    return seconds, stats


def run_hyperlink(output: Path, timeout: float) -> str:
    binary = ROOT / "node_modules" / ".bin" / "hyperlink"
    if not binary.exists():
        return "absent (npm ci)"
    cmd = [str(binary), "--root", str(output), "-r", "-i", str(output / "index.html")]
    seconds, result = timed(cmd, timeout=timeout)
    if result is None:
        return f"> {timeout:.0f} s (cut)"
    return f"{seconds:.1f} s"


@section("checker", "invoke check on a built corpus vs hyperlink (npm) on the same output")
def checker(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    content, output = ctx.built(ctx.args.items)
    pages = html_pages(output)
    runs = [run_checker(content, output) for _ in range(ctx.args.repeat)]
    best, stats = min(runs, key=lambda r: r[0])
    note = f"{stats['files']} sources, {stats['pages']} pages+feeds, {stats['errors']} err."
    hyper_items = ctx.args.hyperlink_items or ctx.args.items
    _, hyper_output = ctx.built(hyper_items)
    hyper = run_hyperlink(hyper_output, ctx.args.hyperlink_timeout)
    label = f"hyperlink on {hyper_items} items ({html_pages(hyper_output)} pages)"
    rows.append(Row("checker", f"whole check, {ctx.args.items} items ({pages} HTML pages)",
                    f"{best:.2f} s", f"{label}: {hyper}", f"target ≤ 5 s; {note}"))
    rows.append(Row("checker", "checker peak memory (main + one worker)",
                    f"{stats['timings']['peak_rss_mb']:.0f} MB", "", "target ≤ 500 MB"))
    phases = stats["timings"]
    rows.append(Row("checker", "phases (cumulative, s)",
                    f"sources {phases['sources']:.2f} / parse {phases['parse']:.2f} / "
                    f"output {phases['output']:.2f}", "", f"{os.cpu_count()} cores"))
    return rows + proofread(ctx)


# --- French proofreading (issue 16) ----------------------------------------------------------

@section("proofread", "the checker's proofreading alone (Grammalecte, sources only), cold "
                      "(empty cache) and warm (nothing changed); part of the checker section")
def proofread(ctx: Context) -> list[Row]:
    items = ctx.args.proofread_items or ctx.args.items
    content = ctx.corpus(items)
    cache = OUTPUTS / f"proofread-{items}.json"
    cache.unlink(missing_ok=True)
    runs = [run_checker(content, None, "--proofread-cache", str(cache)) for _ in range(3)]

    def spent(stats: dict) -> float:
        return stats["timings"]["proofread"] - stats["timings"]["output"]

    cold, warm = spent(runs[0][1]), min(spent(r[1]) for r in runs[1:])
    note = f"{runs[0][1]['warnings']} warnings, {os.cpu_count()} cores"
    return [
        Row("proofread", f"proofreading cold, {items} items", f"{cold:.1f} s", "",
            f"target ≤ 120 s on 4,500 items; {note}"),
        Row("proofread", f"proofreading warm, {items} items", f"{warm:.2f} s", "",
            "target ≤ 0.5 s on 4,500 items"),
    ] + false_alarms(ctx)


# Clean folders written by people who never read the hub's code: every proofreading
# warning on them is a false alarm.
CLEAN_CORPORA = {"sample": ROOT / "content", "unseen": ROOT / "tests" / "unseen" / "content",
                 "outside": ROOT / "tests" / "outside" / "content"}


def proofread_warnings(hub: Path, content: Path, lexicon: bool) -> int | None:
    """The proofreading warnings of `hub`'s checker on a copy of `content` (with or
    without its own `lexique.txt`); None when the folder is absent."""
    import tempfile

    if not content.is_dir():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / content.name
        shutil.copytree(content, copy)
        if not lexicon:
            (copy / "lexique.txt").unlink(missing_ok=True)
        env = {**os.environ, "PYTHONPATH": str(hub / "plugins")}
        report = Path(tmp) / "report.json"
        subprocess.run([sys.executable, "-m", "hub.checks", "--content", str(copy),
                        "--sources-only", "-e", f'HUB_TODAY="{TODAY}"', "--format", "json",
                        "--report", str(report), "--proofread-cache",
                        str(Path(tmp) / "cache.json")],
                       cwd=hub, env=env, capture_output=True, text=True, check=False)
        findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    return sum(1 for f in findings if f["code"] in ("spelling", "grammar"))


@section("false-alarms", "proofreading warnings on three clean corpora (sample, unseen, "
                         "outside), with and without their lexique.txt: all false alarms")
def false_alarms(ctx: Context) -> list[Row]:
    hub = ctx.args.hub or ROOT
    if ctx.args.compare:
        ctx.columns = [hub.name, ctx.args.compare.name]
    rows = []
    for name, content in CLEAN_CORPORA.items():
        for lexicon in (False, True):
            counts = [proofread_warnings(h, content, lexicon)
                      for h in (hub, ctx.args.compare) if h is not None]
            shown = ["absent" if c is None else str(c) for c in counts]
            rows.append(Row("false-alarms",
                            f"{name}: {'with' if lexicon else 'without'} its lexique.txt",
                            shown[0], "", "target ≤ 3 without it" if not lexicon else "",
                            shown[1] if len(shown) > 1 else ""))
    return rows


# --- publishing under kill -9 (issue 7) ----------------------------------------------------

@section("publish-kill", "kill -9 at random moments of invoke publish (25 times): the target "
                         "always serves a complete release")
def publish_kill(ctx: Context) -> list[Row]:
    import publish_kill as kill

    report = kill.run(kills=25, seed=ctx.args.seed)
    return [Row("publish-kill", *row) for row in kill.rows(report)]


# --- bounded work (issue 21) --------------------------------------------------------------

@section("limits", "inputs far past the hub's limits (old addresses, tags, brackets, size, "
                   "line, nesting, proofread blobs) added to the mini site: time and memory")
def limits(ctx: Context) -> list[Row]:
    import limits as bench

    return [Row("limits", *row) for row in bench.rows()]


# --- audience figures from the logs (invoke stats) ----------------------------------------

@section("stats", "invoke stats on a 1 GB access log: lines per second and peak memory")
def stats_log(ctx: Context) -> list[Row]:
    import resource

    import stats_log

    size = int(os.environ.get("HUB_BENCH_LOG_BYTES", 1 << 30))
    log = stats_log.write(OUTPUTS / "access-1g.log", size)
    with log.open("rb") as stream:
        lines = sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 24), b""))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds, result = timed([sys.executable, "-m", "invoke", "stats", "--log", str(log),
                             "--format", "json", "--report", os.devnull], env=env)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result is not None and result.returncode == 0, result and result.stderr[-2000:]
    return [
        Row("stats", f"{log.stat().st_size / 1e9:.2f} GB log ({lines:,} lines)",
            f"{seconds:.0f} s", "", f"{lines / seconds:,.0f} lines/s"),
        Row("stats", "peak memory of invoke stats", f"{max(peak, before) / 1024:.0f} MB",
            "bounded: the same for any log size", "max RSS of the child processes"),
    ]


# --- page weight (issue 5) ---------------------------------------------------------------

@section("page-weight", "HTML+CSS+JS a first visit downloads per page of the sample site")
def page_weight(ctx: Context) -> list[Row]:
    import page_weight as weight

    output = OUTPUTS / "sample-weight"
    if output.exists():
        shutil.rmtree(output)
    result = build_site(ROOT / "content", output, HUB_SEARCH=False, HUB_FEED_IDS="")
    if result.returncode != 0:
        raise SystemExit(f"build of content/ failed:\n{result.stderr[-2000:]}")
    figures = weight.summary(output)
    weights = weight.measure(output)
    heaviest = max(weights, key=weights.__getitem__)
    return [
        Row("page-weight", f"median page, sample site ({figures['pages']} pages)",
            f"{figures['median_kb']} KB", "budget 50 KB", "images not counted"),
        Row("page-weight", "heaviest page", f"{figures['max_kb']} KB", "budget 50 KB (median)",
            heaviest),
    ]


# --- images (issue 6) ----------------------------------------------------------------------

@section("images", "bytes a phone downloads per image vs the original, time per image, "
                   "image work of a second build")
def images(ctx: Context) -> list[Row]:
    import images as bench

    return [Row("images", *row) for row in bench.rows(bench.measure())]


# --- build speed (issues 8 and 13) -------------------------------------------------------

@section("build", "issue 13's table: cold build / plain Pelican (no photos), images step per "
                  "photo, check after the build, publish / plain, memory, preview, growth ×4")
def build(ctx: Context) -> list[Row]:
    import build as bench

    baseline = bench.find_baseline(ctx.args.baseline)
    hubs = [bench.Hub.at(ctx.args.hub or ROOT, "--hub " + str(ctx.args.hub)
                         if ctx.args.hub else "")]
    if ctx.args.compare:
        hubs.append(bench.Hub.at(ctx.args.compare, "--compare " + str(ctx.args.compare)))
    quarter = None if ctx.args.no_growth else ctx.corpus(max(1, ctx.args.items // 4), False)
    corpora = bench.Corpora(ctx.corpus(ctx.args.items, photos=False), quarter,
                            OUTPUTS / "photos")
    lines = bench.measure(hubs, corpora, baseline, ctx.args.build_repeat,
                          frozenset(ctx.args.skip or ()))
    ctx.columns = [h.name for h in hubs]
    return [Row("build", *line) for line in lines]


# --- search (issue 22) ------------------------------------------------------------------------

@section("search", "search quality per query set (typed in Chromium), index time and bundle "
                   "size on the corpus, first result on screen after the last keystroke")
def search(ctx: Context) -> list[Row]:
    import search as bench

    lines = bench.rows(ctx.built, ctx.args.items, ctx.args.compare)
    return [Row("search", *line) for line in lines]


# --- driver ---------------------------------------------------------------------------------

def render(rows: list[Row], columns: list[str] | None = None) -> str:
    """The table; with a compared checkout, its column after the value's."""
    names = columns or []
    fields = ["section", "measure", "value", "baseline", "note"]
    header = Row("section", "measure", "value" + (f" ({names[0]})" if names else ""),
                 "baseline (same run)", "note", names[1] if len(names) > 1 else "")
    if any(r.compared for r in rows):
        fields.insert(3, "compared")
    table = [header, *rows]
    widths = [max(len(getattr(r, f)) for r in table) for f in fields]
    lines = []
    for i, r in enumerate(table):
        cells = [getattr(r, f) for f in fields]
        lines.append(" | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", action="append", choices=sorted(SECTIONS),
                        help="run only this section (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the sections")
    parser.add_argument("--items", type=int, default=4500, help="corpus size (items)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the checker (best kept)")
    parser.add_argument("--hyperlink-timeout", type=float, default=900.0,
                        help="seconds after which hyperlink is cut and reported as '> N s'")
    parser.add_argument("--hyperlink-items", type=int, default=0,
                        help="run hyperlink on a corpus of this size instead (0: same)")
    parser.add_argument("--proofread-items", type=int, default=0,
                        help="proofread section: corpus size (0: --items)")
    parser.add_argument("--rebuild", action="store_true", help="regenerate and rebuild corpora")
    parser.add_argument("--no-growth", action="store_true",
                        help="build section: skip the corpus four times smaller (growth ×4)")
    parser.add_argument("--build-repeat", type=int, default=2,
                        help="build section: cold builds of each, alternating (best kept)")
    parser.add_argument("--skip", action="append", choices=("images", "publish", "preview"),
                        help="build section: leave out this figure (repeatable)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="plain Pelican settings (default: shared/bench/plain-pelican.py "
                             "found beside the repository)")
    parser.add_argument("--hub", type=Path, default=None,
                        help="build section: measure the hub checkout at PATH instead of this one")
    parser.add_argument("--compare", type=Path, default=None,
                        help="build and search sections: also measure the hub checkout at "
                             "PATH (a column)")
    args = parser.parse_args(argv)
    if args.list:
        for name, (description, _) in SECTIONS.items():
            print(f"{name}: {description}")
        return 0
    ctx = Context(args)
    rows: list[Row] = []
    # the proofreading rows belong to the checker section; alone only when asked for
    for name in args.only or [n for n in SECTIONS if n not in ("proofread", "false-alarms")]:
        rows += SECTIONS[name][1](ctx)
    print(render(rows, ctx.columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
