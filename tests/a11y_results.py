"""The results file the accessibility statement is built from (`accessibility-results.json`).

The accessibility tests (test_a11y.py, test_html_valid.py) call `record` with what they
measured; with `HUB_A11Y_RESULTS=1` in the environment (`invoke a11y-results`), each
measure replaces its own entry in the file, under a lock (the tests may run in parallel
processes), with the day and the versions of the tools. Otherwise nothing is written.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from typing import Any

from hub.paths import ACCESSIBILITY_RESULTS
from support import ROOT

ENV = "HUB_A11Y_RESULTS"


def tool_versions() -> dict[str, str]:
    """The tools the measures come from, with their installed versions."""
    from importlib.metadata import version

    def npm(name: str) -> str:
        package = ROOT / "node_modules" / name / "package.json"
        return str(json.loads(package.read_text(encoding="utf-8"))["version"])

    return {"axe-core": npm("axe-core"), "vnu-jar": npm("vnu-jar"),
            "html5lib": version("html5lib"), "playwright": version("playwright")}


def record(measure: str, **values: Any) -> None:
    """Write one measure into the results file, when the environment asks for it."""
    if not os.environ.get(ENV):
        return
    with open(ACCESSIBILITY_RESULTS.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data: dict[str, Any] = {}
        if ACCESSIBILITY_RESULTS.is_file():
            data = json.loads(ACCESSIBILITY_RESULTS.read_text(encoding="utf-8"))
        data["date"] = dt.date.today().isoformat()
        data["tools"] = tool_versions()
        data.setdefault("measures", {})[measure] = values
        data["measures"] = dict(sorted(data["measures"].items()))
        ACCESSIBILITY_RESULTS.write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
