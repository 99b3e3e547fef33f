"""Only safe files leave `content/images/` (CONTENT_MODEL.md, "Static files").

`check_statics(root, label)` judges every file of the folder by its name and its bytes:
images (JPEG, PNG, WebP, GIF), PDF and office documents are kept; an SVG is kept with its
scripts, event handlers, `<foreignObject>` and external references removed, or refused
when it cannot be read safely (not well-formed, entities); anything else is refused.
The build (`publish_statics`) and the checker call it, so both report the same findings;
the build writes cleaned SVGs itself and Pelican copies none of the refused files.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from hub import faults
from hub import findings as fd
from hub.paths import safe_static
from hub.source.gate import Walk, read_bytes, static_rel

log = logging.getLogger(__name__)

STATIC_FOLDER = "images"
IMAGE_KINDS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WebP"}
DOCUMENT_KINDS = {".pdf": "PDF", ".docx": "Word", ".xlsx": "Excel", ".pptx": "PowerPoint",
                  ".odt": "texte OpenDocument", ".ods": "tableur OpenDocument",
                  ".odp": "présentation OpenDocument", ".doc": "Word", ".xls": "Excel",
                  ".ppt": "PowerPoint"}
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "JPEG": (b"\xff\xd8\xff",),
    "PNG": (b"\x89PNG\r\n\x1a\n",),
    "GIF": (b"GIF87a", b"GIF89a"),
    "PDF": (b"%PDF-",),
}
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DROPPED_SVG = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler",
                         "listener"})
ENTITY_RE = re.compile(rb"<!ENTITY", re.IGNORECASE)
IMPORT_RE = re.compile(r"@import[^;]*;?", re.IGNORECASE)
CSS_URL_RE = re.compile(r"url\(\s*(?!['\"]?\s*#)[^)]*\)", re.IGNORECASE)
JS_RE = re.compile(r"(javascript|vbscript|data):", re.IGNORECASE)


@dataclass
class Verdict:
    """What happens to one file of the static folder."""

    rel: str  # path inside the content folder
    findings: list[fd.Finding] = field(default_factory=list)
    publish: bool = True
    cleaned: bytes | None = None  # an SVG's published bytes


def check_statics(walked: Walk, label: str,
                  used: frozenset[str] = frozenset()) -> list[Verdict]:
    """A verdict for every file the gate lets through under `content/images/` (in name
    order), judged by what a link points to. An image that a page uses (`used`) and that
    cannot be read is left to the images step, which reports it at each use (one cause,
    one finding)."""
    out = []
    for rel in walked.under(STATIC_FOLDER):
        display = f"{label}/{rel}" if label else rel
        verdict = _judge(walked.root / rel, rel, display)
        if rel in used and os.path.splitext(rel)[1].lower() in IMAGE_KINDS:
            verdict.findings = [f for f in verdict.findings if f.code != "static-disguised"]
        out.append(verdict)
    _refuse_same_address(out, label)
    return out


def _refuse_same_address(verdicts: list[Verdict], label: str) -> None:
    """Two files published at one safe address (« Photo été.jpg » and « photo-ete.jpg »):
    the one whose name had to be made safe is refused, with the other named."""
    holders: dict[str, str] = {}
    for verdict in sorted(verdicts, key=lambda v: (safe_static(v.rel) != v.rel, v.rel)):
        address = safe_static(verdict.rel)
        other = holders.setdefault(address, verdict.rel)
        if other != verdict.rel and verdict.publish:
            display = f"{label}/{verdict.rel}" if label else verdict.rel
            verdict.findings.append(fd.make("static-same-address", display, None,
                                            value=verdict.rel, other=other, address=address))
            verdict.publish = False


def used_images(corpus: Any) -> frozenset[str]:
    """Paths inside the content folder of the images that pages use."""
    from hub.images.uses import all_uses

    return frozenset(u.rel for u in all_uses(corpus) if u.rel)


def _judge(path: Path, rel: str, display: str) -> Verdict:
    try:
        data = read_bytes(path)
    except OSError:
        return Verdict(rel)  # unreadable: the images step reports it where it is used
    return _judge_bytes(data, rel, display)


def _judge_bytes(data: bytes, rel: str, display: str) -> Verdict:
    suffix = os.path.splitext(rel)[1].lower()
    if suffix == ".svg":
        return _judge_svg(data, rel, display)
    expected = IMAGE_KINDS.get(suffix) or DOCUMENT_KINDS.get(suffix)
    if expected is None:
        what = (f"le hub n'accepte pas les fichiers « {suffix} » dans content/images/"
                if suffix else "le hub n'accepte pas de fichier sans extension")
        return _refuse(rel, display, "static-kind-refused", detail=what)
    actual = sniff(data)
    if not _matches(expected, suffix, actual):
        return _refuse(rel, display, "static-disguised", expected=f"« {expected} »",
                       actual=_described(actual))
    return Verdict(rel)


def sniff(data: bytes) -> str:
    """The kind of file its first bytes show ("HTML", "PNG", "zip"…, "inconnu")."""
    head = data[:512]
    for kind, signatures in SIGNATURES.items():
        if head.startswith(signatures):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP"
    if head.startswith(ZIP):
        return "zip"
    if head.startswith(OLE):
        return "ole"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<script", b"<head", b"<body")):
        return "HTML"
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return "XML"
    if text.startswith((b"mz",)):
        return "programme"
    if text.startswith(b"<?php"):
        return "PHP"
    return "inconnu"


def _matches(expected: str, suffix: str, actual: str) -> bool:
    if suffix in IMAGE_KINDS or suffix == ".pdf":
        return actual == expected
    if suffix in (".doc", ".xls", ".ppt"):
        return actual == "ole"
    return actual == "zip"


def _described(actual: str) -> str:
    return {"HTML": "une page web (HTML)", "XML": "du XML", "programme": "un programme",
            "PHP": "un script PHP", "zip": "une archive", "ole": "un document Office",
            "inconnu": "d'un autre type"}.get(actual, f"une image {actual}")


def _refuse(rel: str, display: str, code: str, **values: object) -> Verdict:
    return Verdict(rel, [fd.make(code, display, None, value=rel, **values)], publish=False)


# --- SVG ---------------------------------------------------------------------------------


def _judge_svg(data: bytes, rel: str, display: str) -> Verdict:
    entity = ENTITY_RE.search(data)
    if entity is not None:
        line = data.count(b"\n", 0, entity.start()) + 1
        return Verdict(rel, [fd.make("svg-refused", display, line, value=rel,
                                     detail="elle déclare des entités (<!ENTITY>)")], False)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        at: int | None = exc.lineno or None
        return Verdict(rel, [fd.make("svg-refused", display, at, value=rel,
                                     detail="son texte n'est pas du SVG bien formé "
                                            "(balise non fermée, caractère interdit…)")],
                       False)
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and list(dtd.entities()):  # entities written in another encoding
        return Verdict(rel, [fd.make("svg-refused", display, 1, value=rel,
                                     detail="elle déclare des entités (<!ENTITY>)")], False)
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        return Verdict(rel, [fd.make("svg-refused", display, 1, value=rel,
                                     detail="son contenu n'est pas une image SVG")], False)
    removed = _clean_svg(root)
    if not removed:
        return Verdict(rel)
    by_line: dict[int | None, list[str]] = {}
    for where, what in removed:
        by_line.setdefault(where, [])
        if what not in by_line[where]:
            by_line[where].append(what)
    findings = [fd.make("svg-cleaned", display, where, value=rel, detail=", ".join(whats))
                for where, whats in by_line.items()]
    cleaned = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return Verdict(rel, findings, True, cleaned)


def _clean_svg(root: Any) -> list[tuple[int | None, str]]:
    removed: list[tuple[int | None, str]] = []
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname.lower()
        if name in DROPPED_SVG:
            removed.append((element.sourceline, f"une balise <{etree.QName(element).localname}>"))
            doomed.append(element)
            continue
        for attr in list(element.attrib):
            local = etree.QName(attr).localname.lower()
            value = element.attrib[attr]
            if local.startswith("on"):
                removed.append((element.sourceline, f"un attribut « {local} »"))
                del element.attrib[attr]
            elif local == "href" and not value.strip().startswith("#"):
                removed.append((element.sourceline, f"un lien vers « {value.strip()[:60]} »"))
                del element.attrib[attr]
            elif JS_RE.search("".join(value.split())) and local != "href":
                removed.append((element.sourceline, f"une adresse dans « {local} »"))
                del element.attrib[attr]
            elif local == "style" and _css_risky(value):
                element.attrib[attr] = _clean_css(value)
                removed.append((element.sourceline, "une adresse externe dans un style"))
        if name == "style" and element.text and _css_risky(element.text):
            element.text = _clean_css(element.text)
            removed.append((element.sourceline, "une règle de style qui charge un autre fichier"))
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return removed


def _css_risky(css: str) -> bool:
    return bool(IMPORT_RE.search(css) or CSS_URL_RE.search(css) or "expression(" in css.lower())


def _clean_css(css: str) -> str:
    css = IMPORT_RE.sub("", css)
    css = CSS_URL_RE.sub("none", css)
    return css.replace("expression(", "(")


# --- the build ---------------------------------------------------------------------------


def publish_statics(generators: list[Any]) -> None:
    """`all_generators_finalized`: report every static file's findings, keep refused files
    out of the output and write cleaned SVGs in place of their originals."""
    from pelican.generators import StaticGenerator

    from hub.build.state import corpus_for

    first = generators[0]
    corpus = corpus_for(first.settings)
    verdicts = {v.rel: v for v in check_statics(corpus.walk, corpus.label,
                                                used_images(corpus))}
    known = set(corpus.findings)
    for verdict in verdicts.values():
        corpus.findings.extend(f for f in verdict.findings if f not in known)
    held = {rel for rel, v in verdicts.items() if not v.publish or v.cleaned is not None}
    statics = [g for g in generators if isinstance(g, StaticGenerator)]
    for g in statics:
        g.staticfiles[:] = [sf for sf in g.staticfiles if static_rel(sf) not in held]
    context = first.context
    if isinstance(context.get("staticfiles"), list):
        context["staticfiles"][:] = [sf for sf in context["staticfiles"]
                                     if static_rel(sf) not in held]
    for g in statics:
        for static in g.staticfiles:
            _publish_safely(static, static_rel(static))
    output = Path(first.output_path)
    for verdict in verdicts.values():
        if not verdict.publish:  # a copy left by an earlier build is not served either
            stale = output / safe_static(verdict.rel)
            if stale.is_file() or stale.is_symlink():
                try:
                    stale.unlink()
                except OSError as exc:
                    log.warning("static %s not removed: %s", stale, exc)
        if verdict.cleaned is not None:
            target = output / safe_static(verdict.rel)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(verdict.cleaned)
            except OSError as exc:
                if faults.refused(exc):
                    raise  # the run stops on one French sentence (faults.guard_run)
                log.warning("static %s not written: %s", target, exc)


def _publish_safely(static: Any, rel: str) -> None:
    """A file whose name holds spaces or accents is published at its safe address, which
    `{static}` links then give (Pelican's link replacement reads the file's `url`)."""
    safe = safe_static(rel)
    if safe != rel:
        static.override_save_as = safe
        static.override_url = safe

