"""Work shared between processes gives the build it replaces, byte for byte: the hostile
corpus built with every per-item step in forked workers and built in one process."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile.generate import write
from hub.build import workers
from hub.settings import pelican_overrides
from support import ROOT, TODAY

# Pelican's own command line, with the number of items from which work is shared set
# first, and every fork counted (one line per share given to a child); with "die", every
# child fails before doing anything.
SHARED_BUILD = """
import os, sys
from hub.build import workers
workers.MIN_JOBS = int(sys.argv[1])
marker, die = sys.argv[2], sys.argv[3] == "die"
forked = workers._fork
parent = os.getpid()
def counted(part, work):
    with open(marker, "a", encoding="utf-8") as handle:
        handle.write(f"{len(part)}\\n")
    def dying(share):
        if os.getpid() != parent:
            raise RuntimeError("a worker that dies")
        return work(share)
    return forked(part, dying if die else work)
workers._fork = counted
from pelican import main
main(sys.argv[4:])
"""


def build(content: Path, output: Path, min_jobs: int, marker: Path, die: bool = False
          ) -> subprocess.CompletedProcess[str]:
    settings = {"HUB_TODAY": TODAY, "HUB_FEED_IDS": "", "HUB_REDIRECTS": ""}
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run(
        [sys.executable, "-c", SHARED_BUILD, str(min_jobs), str(marker),
         "die" if die else "live", str(content), "-o", str(output),
         "-s", str(ROOT / "publishconf.py"), *pelican_overrides(settings)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.skipif(workers.cores() < 2, reason="one core: nothing is shared")
def test_the_hostile_corpus_builds_the_same_with_workers(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content)
    alone = build(content, tmp_path / "alone", 10**9, tmp_path / "alone.forks")
    shared = build(content, tmp_path / "shared", 2, tmp_path / "shared.forks")
    assert alone.returncode == shared.returncode, shared.stderr[-3000:]
    assert "Traceback" not in shared.stderr
    assert not (tmp_path / "alone.forks").exists()
    forks = (tmp_path / "shared.forks").read_text(encoding="utf-8").split()
    assert len(forks) >= 2 and all(int(n) > 0 for n in forks)  # bodies and pages shared
    assert shared.stderr == alone.stderr  # the same findings, at the same lines
    one, two = digests(tmp_path / "alone"), digests(tmp_path / "shared")
    assert sorted(one) == sorted(two)
    assert [rel for rel in one if one[rel] != two[rel]] == []
    # Workers that die: their shares are done again by the build itself, once
    # (the sitemap lists each page once), with the same findings.
    redone = build(content, tmp_path / "redone", 2, tmp_path / "redone.forks", die=True)
    assert redone.stderr == alone.stderr
    assert digests(tmp_path / "redone") == one


def test_each_share_is_done_once_and_in_order() -> None:
    jobs = list(range(1000))
    results = workers.in_parallel(jobs, lambda share: [n * n for n in share], min_jobs=10)
    assert len(results) == workers.processes_for(len(jobs), 10)
    assert sorted(n for share in results for n in share) == [n * n for n in jobs]
    assert workers.shares(jobs, len(results))[0][:2] == [0, len(results)]


def test_a_failing_child_has_its_share_done_by_the_caller() -> None:
    parent = os.getpid()

    def work(share: list[int]) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("a worker that dies")
        return [n + 1 for n in share]

    results = workers.in_parallel(list(range(500)), work, min_jobs=10)
    assert sorted(n for share in results for n in share) == list(range(1, 501))


def test_few_jobs_are_done_in_the_calling_process() -> None:
    parent = os.getpid()
    assert workers.processes_for(workers.MIN_JOBS - 1) == 1
    assert workers.in_parallel([1, 2], lambda share: os.getpid()) == [parent]
