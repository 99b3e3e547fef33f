"""The checker after a build: what the build kept of each page stands in for a parse, and
gives the same report; the JSON report is laid out exactly as the contract's."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hub import findings as fd
from hub import handoff
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


def test_pages_recorded_by_forked_writers_are_merged_and_a_cut_record_dropped(
        tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    log = handoff.HandoffLog(str(output))
    log.start(None)
    pages = {"a/index.html": '<a href="../b/">b</a><h2 id="x">x</h2><p id="x"></p>',
             "b/index.html": '<img src="i.png" srcset="i-480.webp 480w, i-800.webp 800w">'
                             '<meta http-equiv="Refresh" content="0; url=../a/">'}

    def write(rel: str) -> None:
        path = output / rel
        path.parent.mkdir()
        with log.wrap(open(path, "w", encoding="utf-8"), str(path)) as file:  # noqa: SIM115
            file.write(pages[rel])

    try:
        write("a/index.html")
        child = os.fork()  # the second page is written by a forked worker
        if child == 0:
            write("b/index.html")
            os._exit(0)
        assert os.waitpid(child, 0)[1] == 0
        shards = sorted(log.folder.glob("pages-*"))
        assert len(shards) == 2
        recorded = handoff.load_pages(output)
        for rel in pages:
            data = (output / rel).read_bytes()
            assert recorded[rel].fresh(data)
            assert recorded[rel].facts == handoff.html_facts(data)  # as the checker reads it
        assert recorded["a/index.html"].facts == handoff.HtmlFacts(("x", "x"), ("../b/",))
        assert recorded["b/index.html"].facts == handoff.HtmlFacts(
            (), ("i.png", "i-480.webp", "i-800.webp", "../a/"))
        assert not recorded["a/index.html"].fresh(b"<p>autre</p>")
        # a writer killed in the middle of a record: the records before it still count
        child_shard = next(s for s in shards if s.name != f"pages-{os.getpid()}")
        data = child_shard.read_bytes()
        child_shard.write_bytes(data + data[: len(data) // 2])
        assert set(handoff.load_pages(output)) == set(pages)
    finally:
        shutil.rmtree(log.folder, ignore_errors=True)


def test_a_forked_call_returns_its_result_or_raises_its_error() -> None:
    from hub.checks.run import Forked

    assert Forked(lambda: [fd.make("orphan-page", "x", None)]).result()[0].code == "orphan-page"
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        Forked(lambda: 1 / 0).result()
