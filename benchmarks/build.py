"""Build speed (issue 8): the hub's build next to plain Pelican on the same Markdown.

Every figure comes from real runs of this machine, side by side in the same run:
cold build with every plugin vs plain Pelican 4.12 (default theme, no plugin), the
no-change rebuild, the preview's time from saving a story to its refreshed page, the
hub's own steps (search index, images, feeds), peak memory, and the growth from one
corpus size to a four times larger one.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from hub.model import IMAGES_FOLDER, article_paths, page_paths  # noqa: E402

PLAIN_SETTINGS = """\
PATH = {path!r}
SITENAME = "Pelican seul"
ARTICLE_PATHS = {articles!r}
PAGE_PATHS = {pages!r}
STATIC_PATHS = [{images!r}]
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    output: str


WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "open(sys.argv[1], 'w').write(str(peak))\n"
    "sys.exit(code)\n"
)


def run(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 3600) -> Run:
    """Wall time and peak memory (largest RSS among the command's processes)."""
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", WRAPPER, rss.name, *cmd], cwd=ROOT,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True)
        try:
            out, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
        seconds = time.perf_counter() - start
        peak_kb = int(Path(rss.name).read_text() or 0)
    return Run(seconds, peak_kb / 1024, process.returncode, out)


def hub_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), **(extra or {})}


def hub_build(content: Path, output: Path, force: bool = True,
              timings: Path | None = None) -> Run:
    cmd = [sys.executable, "-m", "invoke", "build", "--content", str(content),
           "--output", str(output)] + (["--force"] if force else [])
    return run(cmd, hub_env({"HUB_TIMINGS": str(timings)} if timings else None))


def plain_build(content: Path, output: Path, work: Path) -> Run:
    conf = work / "plainconf.py"
    conf.write_text(PLAIN_SETTINGS.format(path=str(content), articles=article_paths(),
                                           pages=page_paths(), images=IMAGES_FOLDER),
                    encoding="utf-8")
    return run([sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s",
                str(conf), "-q"])


def cold(content: Path, work: Path) -> tuple[Run, dict[str, float], Path]:
    """A build from nothing: fresh output folder, no image cache."""
    output = work / "hub"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(ROOT / "cache" / "images", ignore_errors=True)
    timings = work / "timings.json"
    result = hub_build(content, output, force=True, timings=timings)
    steps = json.loads(timings.read_text()) if timings.is_file() else {}
    return result, steps, output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def preview_latency(content: Path, work: Path, edits: int = 3) -> list[float]:
    """Seconds from saving an edited story to its refreshed page served by the preview."""
    copy = work / "preview-content"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(content, copy)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--content", str(copy), "--output",
         str(work / "preview-site"), "--port", str(port)],
        cwd=ROOT, env=hub_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def measure(content: Path, large: Path | None) -> list[tuple[str, str, str, str]]:
    """Rows (measure, value, baseline, note) for the benchmark table."""
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmp:
        work = Path(tmp)
        pages = lambda out: sum(1 for _ in out.rglob("*.html"))  # noqa: E731
        hub, steps, output = cold(content, work)
        plain = plain_build(content, work / "plain", work)
        ratio = hub.seconds / plain.seconds if plain.seconds else float("nan")
        rows.append((f"cold build, {pages(output)} pages", f"{hub.seconds:.1f} s",
                     f"plain Pelican {plain.seconds:.1f} s", f"ratio {ratio:.2f} (target ≤ 1.0)"))
        again = hub_build(content, output, force=False)
        rows.append(("rebuild, nothing changed", f"{again.seconds:.2f} s",
                     f"cold {hub.seconds:.1f} s",
                     f"ratio {again.seconds / hub.seconds:.3f} (target ≤ 0.3)"))
        for step in ("search", "images", "feeds"):
            if step in steps:
                rows.append((f"step: {step}", f"{steps[step]:.2f} s", "", "in the cold build"))
        rows.append(("peak memory, cold build", f"{hub.peak_mb:.0f} MB",
                     f"plain Pelican ≤ {plain.peak_mb:.0f} MB", "target ≤ 600 MB"))
        latencies = preview_latency(content, work)
        rows.append(("preview: save a story → page refreshed",
                     f"{statistics.median(latencies):.2f} s",
                     "", f"median of {len(latencies)}, max {max(latencies):.2f} s "
                         "(target ≤ 2 s)"))
        if large is not None:
            big, _, big_output = cold(large, work / "large")
            rows.append((f"cold build ×4 items ({pages(big_output)} pages)",
                         f"{big.seconds:.1f} s", f"{hub.seconds:.1f} s",
                         f"growth {big.seconds / hub.seconds:.2f}× (target ≤ 4.5×)"))
    return rows
