"""The checker's report: French text for writers, JSON (the contract's), JUnit for CI."""

from __future__ import annotations

import json
from collections import defaultdict
from xml.etree import ElementTree as ET

from hub import findings as fd
from hub.build.report import finding_lines
from hub.checks.run import Result


def _by_file(findings: list[fd.Finding]) -> list[tuple[str, list[fd.Finding]]]:
    """Files with errors first, then files with warnings only; name order inside each."""
    groups: dict[str, list[fd.Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.file].append(finding)

    def order(file: str) -> tuple[int, str]:
        has_error = any(f.severity is fd.Severity.ERROR for f in groups[file])
        return (0 if has_error else 1, file)

    return [(file, sorted(groups[file], key=fd.sort_key)) for file in sorted(groups, key=order)]


def text(result: Result) -> str:
    """French report grouped by file, errors first, each with its line and its fix."""
    lines: list[str] = []
    for file, group in _by_file(result.findings):
        lines.append(file)
        for f in group:
            lines += finding_lines(f)
        lines.append("")
    checked = f"{result.files} fichier(s) source et {result.pages} page(s) vérifiés"
    if not result.findings:
        lines.append(f"Aucun problème : {checked}.")
    else:
        lines.append(f"{result.errors} erreur(s), {result.warnings} avertissement(s) ; {checked}.")
    return "\n".join(lines) + "\n"


def as_json(result: Result) -> str:
    """The contract's JSON, laid out as `json.dumps(..., indent=2)` would, byte for byte.

    With `indent`, the standard library falls back to its pure-Python encoder (a second
    for 45,000 findings). The findings are flat objects: the list is encoded in one call
    of the C encoder with the separators of their keys' lines, and only the boundaries
    between findings (`},` then a new line then `{`: a raw new line is never inside a
    value) are laid out here."""
    data = result.as_json()
    findings = "[]"
    if data["findings"]:
        flat = json.dumps(data["findings"], ensure_ascii=False, separators=_KEY_SEPARATORS)
        inner = flat[2:-2].replace(_BETWEEN[0], _BETWEEN[1])
        findings = "[\n    {\n      " + inner + "\n    }\n  ]"
    summary = json.dumps(data["summary"], ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return f'{{\n  "findings": {findings},\n  "summary": {summary}\n}}\n'


_KEY_SEPARATORS = (",\n      ", ": ")  # between the keys of one finding, indent=2
_BETWEEN = ("},\n      {", "\n    },\n    {\n      ")  # one finding to the next


def junit(result: Result, strict: bool = False) -> str:
    """One test case per file with findings: errors (and warnings with --strict) fail."""
    groups = _by_file(result.findings)
    failing = sum(
        any(f.severity is fd.Severity.ERROR or strict for f in group) for _, group in groups
    )
    suite = ET.Element("testsuite", name="hub-check", tests=str(max(len(groups), 1)),
                       failures=str(failing), errors="0", skipped="0")
    if not groups:
        ET.SubElement(suite, "testcase", classname="hub-check", name="contenu")
    for file, group in groups:
        case = ET.SubElement(suite, "testcase", classname="hub-check", name=file)
        notes = []
        for f in group:
            where = f"ligne {f.line}" if f.line else "fichier"
            entry = f"{where} : {f.message} → {f.hint}"
            if f.severity is fd.Severity.ERROR or strict:
                failure = ET.SubElement(case, "failure", type=f.code, message=entry)
                failure.text = entry
            else:
                notes.append(f"avertissement : {entry}")
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


RENDERERS = {"text": lambda r, strict: text(r), "json": lambda r, strict: as_json(r),
             "junit": junit}
