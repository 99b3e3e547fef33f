"""The writer's guide stays in step with the declared content model."""

from __future__ import annotations

import re

import pytest
from hub.model import CONTENT_TYPES, TYPES_BY_ID
from hub.settings import HubSettings
from hub.source.header import read
from hub.source.metadata import validate
from hub.tools.guide import render
from support import ROOT

GUIDE = ROOT / "docs" / "guide-redaction.md"
EXAMPLE_RE = re.compile(r"<!-- exemple: (\w+) -->\n```markdown\n(.*?)```", re.S)


def test_key_reference_is_regenerated_from_the_model():
    committed = (ROOT / "docs" / "reference-des-cles.md").read_text(encoding="utf-8")
    assert committed == render(), "Lancez `invoke docs` et committez docs/reference-des-cles.md"


def examples() -> list[tuple[str, str]]:
    return EXAMPLE_RE.findall(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_has_an_example_for_every_content_type():
    assert {type_id for type_id, _ in examples()} == {t.id for t in CONTENT_TYPES}


@pytest.mark.parametrize("type_id, text", examples(), ids=lambda v: v[:20])
def test_every_example_of_the_guide_is_valid(type_id, text):
    settings = HubSettings(AUDIENCES={"all": "Tout le monde", "agences": "Agences"},
                           HUB_TODAY="2026-11-23")
    parsed = validate(TYPES_BY_ID[type_id], read(text.encode()), settings, "guide")
    assert parsed.findings == []
