"""kill -9 at random moments of `invoke publish`, 20 times: the target always serves the
complete old site or the complete new one, byte for byte (benchmarks/publish_kill.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import publish_kill  # noqa: E402


@pytest.mark.slow
def test_kill_9_never_leaves_a_broken_target(tmp_path: Path) -> None:
    report = publish_kill.run(kills=20, seed=11, work=tmp_path)
    assert report.kills == 20
    assert report.broken == []
    assert report.served_old + report.served_new == 20
    assert report.served_old > 0  # some kills did land in the middle of a publish
    assert report.leftovers_cleaned
