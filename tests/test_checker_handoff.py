"""The checker after a build: what the build kept of each page stands in for a parse, and
gives the same report; the JSON report is laid out exactly as the contract's."""

from __future__ import annotations

import json

from hub import findings as fd
from hub.checks.render import as_json
from hub.checks.run import Result


def test_json_report_is_the_indented_dump_byte_for_byte() -> None:
    findings = [
        fd.make("orphan-page", "output/a.html", None),
        fd.Finding('a "b",\n c', 3, fd.Severity.ERROR, "x", "é, \t\"}{", "\\", 7),
        fd.Finding("z", None, fd.Severity.WARNING, "y", "", "« » ,\n      "),
    ]
    for result in (Result(findings, 3, 2), Result([], 0, 0)):
        expected = json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n"
        assert as_json(result) == expected
