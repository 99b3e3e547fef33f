"""Command line of the checker: `python -m hub.checks` (what `invoke check` runs).

Exit status (CONTENT_MODEL.md): 0 no errors, 1 errors (or warnings with --strict),
2 the check could not run (bad arguments, missing folder, bad setting).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn

from hub import faults
from hub import findings as fd
from hub.checks.render import RENDERERS
from hub.checks.run import REPO_ROOT, CheckOptions, Result, check, label_for
from hub.settings import SettingsError, load
from hub.source import sitefile
from hub.tools import errorlog

CANNOT_RUN = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"Option invalide : {message}", file=sys.stderr)
        raise SystemExit(CANNOT_RUN)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="./hub check", description="Vérifier le contenu et le site construit.")
    p.add_argument("--content", default="content", help="dossier de contenu")
    p.add_argument("--output", default="output", help="dossier du site construit")
    p.add_argument("--sources-only", action="store_true",
                   help="ne vérifier que les fichiers Markdown (pas le site construit)")
    p.add_argument("--format", choices=sorted(RENDERERS), default="text")
    p.add_argument("--report", help="écrire le rapport dans ce fichier")
    p.add_argument("--strict", action="store_true", help="les avertissements bloquent aussi")
    p.add_argument("--external", action="store_true", help="vérifier aussi les liens externes")
    p.add_argument("--settings", default=str(REPO_ROOT / "pelicanconf.py"),
                   help="fichier de réglages Pelican")
    p.add_argument("-e", "--extra-settings", action="extend", nargs="+", default=[],
                   metavar="CLÉ=JSON", help="remplacer des réglages (comme pelican -e)")
    p.add_argument("--jobs", type=_positive, default=None,
                   help="processus d'analyse (défaut : cœurs)")
    p.add_argument("--no-proofread", action="store_true",
                   help="ne pas relire l'orthographe et la grammaire (Grammalecte)")
    p.add_argument("--proofread-cache", help=argparse.SUPPRESS)
    p.add_argument("--stats", action="store_true", help=argparse.SUPPRESS)
    # `invoke check` after a build that crashed: the sources only, and the crash as a finding
    p.add_argument("--build-failed", metavar="JOURNAL", help=argparse.SUPPRESS)
    return p


def _positive(value: str) -> int:
    number = int(value) if value.isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"« {value} » n'est pas un nombre de processus (1 ou plus)")
    return number


def _fail(message: str) -> int:
    print(f"Impossible de lancer la vérification : {message}", file=sys.stderr)
    return CANNOT_RUN


def _overrides(pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"« {pair} » n'est pas de la forme CLÉ=VALEUR")
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    if "HUB_TODAY" not in out and os.environ.get("HUB_TODAY"):
        out["HUB_TODAY"] = os.environ["HUB_TODAY"]
    return out


def _read_settings(path: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    from pelican.settings import read_settings

    sys.path.insert(0, str(REPO_ROOT / "plugins"))
    return dict(read_settings(str(path), override=overrides))


def _write_report(args: argparse.Namespace, result: Result) -> None:
    report = RENDERERS[args.format](result, args.strict)
    if args.report:
        try:
            Path(args.report).write_text(report, encoding="utf-8")
        except OSError as exc:
            if not faults.refused(exc):
                raise
            print(faults.sentence(exc), file=sys.stderr)
            raise SystemExit(CANNOT_RUN) from None
        summary = result.summary()
        print(f"{summary['errors']} erreur(s), {summary['warnings']} avertissement(s) : "
              f"rapport écrit dans {args.report}.")
    else:
        sys.stdout.write(report)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.sources_only = args.sources_only or bool(args.build_failed)
    content, output = Path(args.content), Path(args.output)
    if not content.is_dir():
        return _fail(f"le dossier de contenu « {args.content} » n'existe pas.")
    if not args.sources_only and not output.is_dir():
        return _fail(f"le dossier de sortie « {args.output} » n'existe pas : "
                     "lancez d'abord « ./hub build ».")
    if not Path(args.settings).is_file():
        return _fail(f"le fichier de réglages « {args.settings} » n'existe pas.")
    try:
        overrides = _overrides(args.extra_settings)
        raw = _read_settings(Path(args.settings), overrides)
        sitefile.apply(raw, content, given=overrides)
        settings = load(raw)
    except (SettingsError, ValueError) as exc:
        return _fail(str(exc))
    except Exception as exc:  # a settings file that does not even run
        return _fail(f"les réglages « {args.settings} » sont illisibles ({exc}).")
    theme = raw.get("THEME")
    options = CheckOptions(
        content=content,
        output=None if args.sources_only else output,
        settings=settings,
        siteurl=str(raw.get("SITEURL") or ""),
        siteurls=(str(raw.get("FEED_DOMAIN") or ""),),
        theme=Path(theme) if theme and Path(theme).is_dir() else None,
        content_label=label_for(content, args.content),
        output_label=label_for(output, args.output),
        external=args.external,
        processes=args.jobs,
        raw=raw,
        proofread=not args.no_proofread,
    )
    if args.proofread_cache:
        options.proofread_cache = Path(args.proofread_cache)
    try:
        result = check(options)
    except OSError as exc:
        if not faults.refused(exc):
            raise
        errorlog.write("invoke check", traceback.format_exc())
        print(faults.sentence(exc), file=sys.stderr)
        return CANNOT_RUN
    except Exception:  # the report is written all the same, naming the log
        log = errorlog.write("invoke check", traceback.format_exc())
        result = Result([fd.make("check-failed", options.content_label, None,
                                 log=errorlog.shown(log))], 0, 0)
        _write_report(args, result)
        return CANNOT_RUN
    if args.build_failed:
        result.findings.insert(0, fd.make("build-failed", options.content_label, None,
                                          log=args.build_failed))
    for note in result.notes:
        print(note, file=sys.stderr)
    _write_report(args, result)
    if args.stats:
        print(json.dumps({"timings": result.timings, **result.summary()}), file=sys.stderr)
    return result.exit_code(args.strict)
