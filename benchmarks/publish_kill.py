"""kill -9 at random moments of `invoke publish`: the target must always serve a complete site.

    .venv/bin/python benchmarks/publish_kill.py [KILLS] [SEED]
    .venv/bin/python benchmarks/run.py --only publish-kill

Two versions of a small site, A and B, are first published normally; their release trees
(every file's bytes) are the references. Then publishes alternate between A and B, each
killed (SIGKILL to its whole process group) after a random delay between 0 and 150 % of
a full publish's duration. After every kill the folder `current` points to must be,
byte for byte, the complete A or the complete B. A last publish must succeed and leave no
work folders behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "mini-site"
TODAY = "2026-11-23"


@dataclass
class KillReport:
    """What the kills found."""

    kills: int = 0
    served_old: int = 0  # the target still served the release before the killed publish
    served_new: int = 0  # the killed publish had already switched
    broken: list[str] = field(default_factory=list)  # anything else: must stay empty
    publish_seconds: float = 0.0
    delays: list[float] = field(default_factory=list)
    leftovers_cleaned: bool = False


def tree(root: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under `root` (following the `current` link)."""
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def publish_cmd(target: Path, content: Path) -> list[str]:
    return [sys.executable, "-m", "invoke", "publish", "--target", str(target),
            "--content", str(content), "--today", TODAY]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}


def publish(target: Path, content: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(publish_cmd(target, content), cwd=ROOT, env=_env(),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"publish failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def served(target: Path) -> dict[str, str] | None:
    """The served tree, or None when `current` is missing or dangling."""
    link = target / "current"
    if not link.is_symlink() or not link.resolve().is_dir():
        return None
    return tree(link.resolve())


def make_versions(work: Path) -> tuple[Path, Path]:
    a, b = work / "site-a", work / "site-b"
    shutil.copytree(FIXTURE, a)
    shutil.copytree(FIXTURE, b)
    about = b / "pages" / "a-propos.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(text.replace("\n\n", "\n\nVersion B du site.\n\n", 1), encoding="utf-8")
    return a, b


def run(kills: int = 20, seed: int = 7, work: Path | None = None) -> KillReport:
    """Publish, kill, inspect, `kills` times; the report lists any broken state seen."""
    rng = random.Random(seed)
    own = work is None
    work = work or Path(tempfile.mkdtemp(prefix="publish-kill-"))
    report = KillReport()
    try:
        a, b = make_versions(work)
        target = work / "www"
        first = publish(target, a)
        ref_a = served(target)
        report.publish_seconds = max(first, publish(target, b))
        ref_b = served(target)
        assert ref_a and ref_b and ref_a != ref_b
        for i in range(kills):
            before = served(target)
            content = a if i % 2 == 0 else b
            delay = rng.uniform(0, 1.5 * report.publish_seconds)
            proc = subprocess.Popen(publish_cmd(target, content), cwd=ROOT, env=_env(),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            time.sleep(delay)
            with contextlib.suppress(ProcessLookupError):  # it may have finished
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            report.kills += 1
            report.delays.append(delay)
            now = served(target)
            if now is None or now not in (ref_a, ref_b):
                report.broken.append(f"kill {i + 1} after {delay:.2f} s: "
                                     + _difference(now, ref_a, ref_b))
            elif now == before:
                report.served_old += 1
            else:
                report.served_new += 1
        publish(target, a)
        report.leftovers_cleaned = (
            served(target) == ref_a
            and sorted(p.name for p in target.iterdir()) == ["current", "releases"]
        )
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    return report


def _difference(now: dict[str, str] | None, *refs: dict[str, str]) -> str:
    if now is None:
        return "no site served"
    diffs = [sorted(k for k in set(now) | set(ref) if now.get(k) != ref.get(k)) for ref in refs]
    nearest = min(diffs, key=len)
    return f"{len(nearest)} file(s) differ from the nearest release: {', '.join(nearest[:5])}"


def rows(report: KillReport) -> list[tuple[str, str, str, str]]:
    """(measure, value, baseline, note) for the benchmark table."""
    delays = sorted(report.delays) or [0.0]
    return [
        ("kill -9 during invoke publish", f"{report.kills} kills, {len(report.broken)} broken",
         f"one full publish: {report.publish_seconds:.2f} s",
         f"delays {delays[0]:.2f}–{delays[-1]:.2f} s"),
        ("target after the kill", f"old site {report.served_old}, new site {report.served_new}",
         "", "always a complete release, byte for byte"),
        ("next publish after the kills", "clean" if report.leftovers_cleaned else "LEFTOVERS",
         "", "work folders of killed publishes removed"),
    ]


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    result = run(count, int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    for measure, value, baseline, note in rows(result):
        print(f"{measure}: {value}  ({baseline}; {note})")
    for line in result.broken:
        print("BROKEN:", line)
    sys.exit(1 if result.broken or not result.leftovers_cleaned else 0)
