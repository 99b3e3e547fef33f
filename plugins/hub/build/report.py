"""What the build tells writers: every finding of the content, in French, file by file."""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from typing import Any, TextIO

from hub import findings as fd
from hub.build.state import corpus_for, kept_of, run_of
from hub.messages import decimal, say
from hub.settings import SettingsError, load
from hub.source.oldaddresses import published


def validate_settings(pelican: Any) -> None:
    """Stop at start, with a French message per wrong hub setting (all of them)."""
    try:
        load(pelican.settings)
    except SettingsError as exc:
        for problem in exc.problems:
            print(f"Erreur de configuration : {problem}", file=sys.stderr)
        raise SystemExit(2) from None


def finding_lines(f: fd.Finding) -> list[str]:
    """One finding as writers read it, under its file: where, what, and how to fix it."""
    where = f"ligne {f.line}" if f.line else "fichier"
    where += f", colonne {f.column}" if f.line and f.column else ""
    label = "erreur" if f.severity is fd.Severity.ERROR else "avertissement"
    return [f"  {where} : {label} : {f.message}", f"    → {f.hint}"]


def format_text(findings: list[fd.Finding]) -> str:
    """French text report grouped by file, errors first, each with line and fix."""
    by_file: dict[str, list[fd.Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    lines: list[str] = []
    for file in sorted(by_file):
        lines.append(file)
        for f in sorted(by_file[file], key=fd.sort_key):
            lines += finding_lines(f)
    errors = sum(f.severity is fd.Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    lines.append(f"{errors} erreur(s), {warnings} avertissement(s).")
    return "\n".join(lines)


def print_findings(pelican: Any, stream: TextIO | None = None) -> None:
    """After the build, list the content problems found while reading."""
    findings = corpus_for(pelican.settings).all_findings()
    if not findings:
        return
    print(format_text(findings), file=stream or sys.stderr)


def summary(pelican: Any) -> None:
    """`finalized` (connected last): one French line, « 58 pages écrites en 3,2 s », in
    place of Pelican's English summary printed after this signal (its console is made
    quiet; its tracebacks go to the error log anyway). The preview says its own line."""
    from pelican.log import console

    console.quiet = True
    settings = pelican.settings
    if kept_of(settings) is not None:
        return
    count = len(published(corpus_for(settings)))
    seconds = time.perf_counter() - run_of(settings).started
    print(say("build-done", count=count, seconds=decimal(seconds)), flush=True)
