"""Build speed (issues 8 and 13): the hub's commands next to plain Pelican on the same Markdown.

Every figure comes from real runs of this machine, side by side in the same run. The
baseline is `shared/bench/plain-pelican.py` (plain Pelican as a site owner would set it
up: default theme, no plugins), found next to the repository (`find_baseline`), run on the
same content folder as the hub, alternating with it (hub, plain, hub, plain…); the best
of each is kept (the machine is shared: the best run is the one least disturbed).

The figures of issue 13's table, each with its target: cold build / plain Pelican on a
corpus without photos, the images step per 2000 px photo, `invoke check` right after the
build, `invoke publish` / plain Pelican, peak memory of the build, the preview's time
from saving a story to its refreshed page, and the growth for four times the items.

A `Hub` is a checkout of the hub: this one, or another one (`--hub`, `--compare`: an older
commit in a `git worktree`), so that "before" and "after" come from one run.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = Path("shared") / "bench" / "plain-pelican.py"
TODAY = "2026-11-23"  # the corpus generator's day (benchmarks/corpus.py)


# --- the baseline ---------------------------------------------------------------------


def find_baseline(explicit: Path | None = None, start: Path = ROOT) -> Path:
    """The plain Pelican settings: `explicit`, or `shared/bench/plain-pelican.py` beside a
    folder above the repository (`../shared/…` from the main checkout, `../../shared/…`
    from a worktree under `wt/`). Absent: a clear message, no figure against another one."""
    candidates = [explicit] if explicit else [folder / BASELINE for folder in start.parents]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    looked = ", ".join(str(c) for c in candidates[:4])
    raise SystemExit(
        f"The build baseline {BASELINE} is missing (looked at {looked}). The build figures "
        "are only comparable against it: put it back, or give its path with --baseline.")


SHOWN_SETTINGS = ("THEME", "PLUGINS", "ARTICLE_PATHS", "PAGE_PATHS", "DEFAULT_PAGINATION",
                  "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM", "ARTICLE_SAVE_AS")


def baseline_summary(path: Path) -> str:
    """The baseline's main settings in one line: its path, theme, plugins, paths, feeds."""
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                values[node.targets[0].id] = "…"
    parts = [f"theme {values.get('THEME', 'default')}",
             f"plugins {values.get('PLUGINS') or 'none'}"]
    parts += [f"{k}={values[k]!r}" for k in SHOWN_SETTINGS[2:] if k in values]
    return f"{path}: " + ", ".join(parts)


# --- running a command ---------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the largest resident size of one process of the command
    total_mb: float  # the peak of all its processes together (proportional set size)
    returncode: int
    output: str
    cpu: float = 0.0  # CPU seconds of all its processes (steadier than wall on a busy machine)


WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:]).returncode\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(f'{use.ru_maxrss} {use.ru_utime + use.ru_stime}')\n"
    "sys.exit(code)\n"
)


def _tree(root: int) -> list[int]:
    """`root` and every process below it (from /proc: parent of each process)."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += parents.get(pid, [])
    return found


def _pss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except (OSError, ValueError):
            continue
    return total / 1024


class _MemorySampler(threading.Thread):
    """Samples the summed memory of a process tree every 0.2 s; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):  # the wrapper itself is ours, not the command's
            self.peak = max(self.peak, _pss_mb(_tree(self.pid)[1:]))


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT,
        timeout: float = 3600) -> Run:
    """Wall time and memory of a command (its children included)."""
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", WRAPPER, rss.name, *cmd], cwd=cwd,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True)
        sampler = _MemorySampler(process.pid)
        sampler.start()
        try:
            out, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
        seconds = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        peak_kb, cpu = (Path(rss.name).read_text() or "0 0").split()
    return Run(seconds, int(peak_kb) / 1024, sampler.peak, process.returncode, out, float(cpu))


# --- a checkout of the hub -----------------------------------------------------------------


@dataclass(frozen=True)
class Hub:
    """A checkout of the hub whose commands are measured (run from its own folder)."""

    root: Path
    name: str  # the column's title

    @classmethod
    def at(cls, path: Path, name: str = "") -> Hub:
        root = path.resolve()
        if not (root / "tasks.py").is_file() or not (root / "plugins" / "hub").is_dir():
            raise SystemExit(f"{path} is not a checkout of the hub (no tasks.py, plugins/hub).")
        return cls(root, name or ("this checkout" if root == ROOT else str(path)))

    @property
    def python(self) -> str:
        own = self.root / ".venv" / "bin" / "python"
        return str(own) if own.exists() else sys.executable

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.root / "plugins"), "HUB_TODAY": TODAY,
                **extra}

    def invoke(self, *args: str) -> list[str]:
        return [self.python, "-m", "invoke", *args]

    def build(self, content: Path, output: Path, force: bool = True,
              timings: Path | None = None) -> Run:
        cmd = self.invoke("build", "--content", str(content), "--output", str(output))
        extra = {"HUB_TIMINGS": str(timings)} if timings else {}
        return run(cmd + (["--force"] if force else []), self.env(**extra), self.root)

    def cold(self, content: Path, output: Path) -> tuple[Run, dict[str, float]]:
        """A build from nothing: fresh output folder, no image cache."""
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(self.root / "cache" / "images", ignore_errors=True)
        timings = output.parent / f"{output.name}.timings.json"
        timings.unlink(missing_ok=True)
        result = self.build(content, output, force=True, timings=timings)
        if result.returncode != 0:
            raise SystemExit(f"{self.name}: build of {content} failed:\n{result.output[-2000:]}")
        steps = json.loads(timings.read_text()) if timings.is_file() else {}
        return result, steps

    def check(self, content: Path, output: Path) -> tuple[Run, bool]:
        """`invoke check` of a built output (no proofreading: its figures are elsewhere),
        and whether it built the site again first (it does when it finds a source newer
        than the output)."""
        marker = output / "index.html"
        before = marker.stat().st_mtime_ns
        result = run(self.invoke("check", "--content", str(content), "--output", str(output),
                                 "--no-proofread"), self.env(), self.root)
        return result, marker.stat().st_mtime_ns != before

    def warm_proofreading(self, content: Path) -> None:
        """Fill this checkout's proofreading cache for `content` (as a writer's is)."""
        run([self.python, "-m", "hub.checks", "--content", str(content), "--sources-only",
             "--format", "json", "--report", os.devnull], self.env(), self.root)

    def publish(self, content: Path, target: Path) -> Run:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        return run(self.invoke("publish", "--target", str(target), "--content", str(content)),
                   self.env(), self.root)

    def images(self, photos: Path, cache: Path) -> dict[str, float]:
        """The images step alone on this checkout's code (benchmarks/images_step.py)."""
        cmd = [self.python, str(ROOT / "benchmarks" / "images_step.py"), "--photos",
               str(photos), "--cache", str(cache)]
        done = subprocess.run(cmd, cwd=self.root, env=self.env(), capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{self.name}: images step failed:\n{done.stderr[-2000:]}")
        figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        return figures


def plain_build(baseline: Path, content: Path, output: Path) -> Run:
    shutil.rmtree(output, ignore_errors=True)
    result = run([sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s",
                  str(baseline), "-q"], cwd=output.parent)
    if result.returncode != 0:
        raise SystemExit(f"plain Pelican failed on {content}:\n{result.output[-2000:]}")
    return result


# --- the preview -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            text: str = response.read().decode("utf-8")
            return text
    except OSError:
        return ""


def preview_latency(hub: Hub, content: Path, work: Path, edits: int = 5) -> list[float]:
    """Seconds from saving an edited story to its refreshed page served by the preview."""
    copy = work / "preview-content"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(content, copy)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(
        hub.invoke("livereload", "--content", str(copy), "--output",
                   str(work / "preview-site"), "--port", str(port)),
        cwd=hub.root, env=hub.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 1800
        while "<html" not in fetch(base) and time.time() < deadline:
            time.sleep(0.5)
        stories = sorted((copy / "stories").glob("*.md"))
        latencies = []
        for n in range(edits):
            story = stories[(n * 97) % len(stories)]
            marker = f"Modification-{n}-{time.time_ns()}"
            head, body = story.read_text(encoding="utf-8").split("\n\n", 1)
            start = time.perf_counter()
            story.write_text(f"{head}\n\n{marker}\n\n{body}", encoding="utf-8")
            url = f"{base}histoires/{story.stem}/"
            while marker not in fetch(url):
                if time.perf_counter() - start > 120:
                    break
                time.sleep(0.02)
            latencies.append(time.perf_counter() - start)
            time.sleep(1.0)  # let the server settle before the next save
        return latencies
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpora:
    """The content folders the build figures need (all generated by benchmarks/corpus.py)."""

    main: Path  # the measured size, without photos
    quarter: Path | None  # four times fewer items, without photos (growth); None: skipped
    photos: Path  # a folder of 2000 px photos for the images step


@dataclass
class Figures:
    """What was measured for one checkout of the hub."""

    cold: list[Run] = field(default_factory=list)
    steps: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    check: Run | None = None
    check_rebuilt: bool = False
    rebuild: Run | None = None
    publish: Run | None = None
    images: dict[str, float] = field(default_factory=dict)
    preview: list[float] = field(default_factory=list)
    quarter: Run | None = None

    @property
    def best(self) -> Run:
        return min(self.cold, key=lambda r: r.seconds)


Line = tuple[str, str, str, str, str]  # measure, value, baseline, note, compared value


def measure(hubs: list[Hub], corpora: Corpora, baseline: Path, repeat: int = 2,
            skip: frozenset[str] = frozenset()) -> list[Line]:
    """Rows for the benchmark table; the second hub, if any, fills the compared column."""
    figures = {hub.root: Figures() for hub in hubs}
    plain: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmp:
        work = Path(tmp)
        for round_ in range(repeat):  # hub(s), plain, hub(s), plain…
            for i, hub in enumerate(hubs):
                output = work / f"hub{i}"
                result, steps = hub.cold(corpora.main, output)
                fig = figures[hub.root]
                fig.cold.append(result)
                if result is fig.best:
                    fig.steps = steps
                if round_ == repeat - 1:  # right after the build, as a writer does
                    fig.check, fig.check_rebuilt = hub.check(corpora.main, output)
                    fig.rebuild = hub.build(corpora.main, output, force=False)
                    fig.pages = sum(1 for _ in output.rglob("*.html"))
            plain.append(plain_build(baseline, corpora.main, work / "plain"))
        plain_pages = sum(1 for _ in (work / "plain").rglob("*.html"))
        for _ in range(repeat if "images" not in skip else 0):  # alternating too
            for i, hub in enumerate(hubs):
                fig = figures[hub.root]
                got = hub.images(corpora.photos, work / f"images-cache{i}")
                fig.images = {k: min(v, fig.images.get(k, v)) for k, v in got.items()}
        for i, hub in enumerate(hubs):
            fig = figures[hub.root]
            if "publish" not in skip:
                hub.warm_proofreading(corpora.main)
                fig.publish = hub.publish(corpora.main, work / f"target{i}")
            if corpora.quarter is not None:
                fig.quarter = hub.cold(corpora.quarter, work / f"quarter{i}")[0]
            if "preview" not in skip:
                fig.preview = preview_latency(hub, corpora.main, work / f"preview{i}")
    return _lines(hubs, figures, plain, plain_pages, baseline)


def _lines(hubs: list[Hub], figures: dict[Path, Figures], plain: list[Run], plain_pages: int,
           baseline: Path) -> list[Line]:
    best_plain = min(plain, key=lambda r: r.seconds)
    runs = f"best of {len(plain)}, alternating"
    shown = [figures[h.root] for h in hubs]

    def line(measure: str, value: Callable[[Figures], str], base: str, note: str) -> Line:
        cells = [value(f) for f in shown]
        return (measure, cells[0], base, note, cells[1] if len(cells) > 1 else "")

    def ratio(seconds: float) -> str:
        return f"{seconds / best_plain.seconds:.2f}×"

    rows = [
        ("baseline: plain Pelican", "", "", baseline_summary(baseline), ""),
        line(f"cold build / plain Pelican, no photos ({shown[0].pages} pages)",
             lambda f: f"{ratio(f.best.seconds)} ({f.best.seconds:.1f} s)",
             f"plain {best_plain.seconds:.1f} s ({plain_pages} pages)",
             f"target ≤ 1.0×; {runs}, s: "
             + "; ".join(f"hub{i} " + " / ".join(f"{r.seconds:.1f}" for r in f.cold)
                         for i, f in enumerate(shown))
             + "; plain " + " / ".join(f"{r.seconds:.1f}" for r in plain)),
        line("  the same in CPU seconds (all processes)",
             lambda f: f"{min(r.cpu for r in f.cold) / min(r.cpu for r in plain):.2f}× "
                       f"({min(r.cpu for r in f.cold):.1f} s)",
             f"plain {min(r.cpu for r in plain):.1f} s",
             "steadier on a busy machine; a build on 2 cores counts both"),
    ]
    if all(f.images for f in shown):
        rows.append(line(
            f"images step, per 2000 px photo, cold ({shown[0].images['photos']:.0f} photos)",
            lambda f: f"{f.images['wall_per_photo']:.2f} s",
            "", "target ≤ 0.25 s; CPU per photo "
            + " / ".join(f"{f.images['cpu_per_photo']:.2f} s" for f in shown)
            + "; one photo alone " + " / ".join(f"{f.images['alone_wall']:.2f} s" for f in shown)))
    rows.append(line("invoke check right after the build",
                     lambda f: f"{f.check.seconds:.2f} s"
                     + ("" if f.check.returncode == 0 else " (errors!)")
                     + (" (built again first!)" if f.check_rebuilt else "") if f.check
                     else "—", "", "target ≤ 1.5 s; --no-proofread, output of the last build"))
    if all(f.publish for f in shown):
        rows.append(line("invoke publish (build, check, switch) / plain Pelican",
                         lambda f: f"{ratio(f.publish.seconds)} ({f.publish.seconds:.1f} s)"
                         + ("" if f.publish.returncode == 0 else " (refused!)")
                         if f.publish else "—",
                         f"plain {best_plain.seconds:.1f} s",
                         "target ≤ 1.5×; proofreading cache warm (filled just before)"))
    rows.append(line("peak memory of the build",
                     lambda f: f"{max(r.total_mb for r in f.cold):.0f} MB",
                     f"plain {max(r.total_mb for r in plain):.0f} MB",
                     "target ≤ 400 MB; all its processes together (PSS, sampled 5×/s); largest one "
                     + " / ".join(f"{max(r.peak_mb for r in f.cold):.0f} MB" for f in shown)))
    if all(f.preview for f in shown):
        rows.append(line("preview: save a story → its refreshed page served",
                         lambda f: f"{statistics.median(f.preview):.2f} s median, "
                                   f"{max(f.preview):.2f} s max",
                         "", f"target ≤ 1.0 s median, ≤ 2 s max; {len(shown[0].preview)} saves"))
    if all(f.quarter for f in shown):
        rows.append(line("4× the items: cold build time ×",
                         lambda f: f"{f.best.seconds / f.quarter.seconds:.2f}×"
                         if f.quarter else "—",
                         "", "target ≤ 4×; a quarter of the items, then all "
                         + " / ".join(f"{f.quarter.seconds:.1f} s → {f.best.seconds:.1f} s"
                                      for f in shown if f.quarter)))
    rows.append(line("rebuild, nothing changed",
                     lambda f: f"{f.rebuild.seconds:.2f} s" if f.rebuild else "—", "",
                     "invoke build without --force"))
    for step in ("search", "images", "feeds"):
        if any(step in f.steps for f in shown):
            rows.append(line(f"step: {step}", lambda f, s=step: f"{f.steps[s]:.2f} s"
                             if s in f.steps else "—", "", "in the best cold build"))
    return rows
