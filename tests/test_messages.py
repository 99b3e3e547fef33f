"""Every sentence the tasks, publishing, the writer and the settings say to writers is in
one catalogue (`plugins/hub/messages.py`, beside the findings of `findings.py`)."""

from __future__ import annotations

import ast
import string

from hub.messages import TEXTS, say
from support import ROOT

SPEAKERS = ["tasks.py", "plugins/hub/settings.py", "plugins/hub/publish/release.py",
            "plugins/hub/build/writer.py", "plugins/hub/tools/banner.py"]
SAYING = {"print", "PublishError", "log", "append", "PublishOutcome"}


def sentences(tree: ast.AST) -> list[str]:
    """French text written in a call that shows it (print, an error, a problem list)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in SAYING:
            continue
        for part in ast.walk(node):
            if isinstance(part, ast.Constant) and isinstance(part.value, str) \
                    and " " in part.value.strip():
                found.append(part.value)
    return found


def test_the_speakers_take_their_sentences_from_the_catalogue():
    said = {rel: sentences(ast.parse((ROOT / rel).read_text(encoding="utf-8")))
            for rel in SPEAKERS}
    assert {rel: s for rel, s in said.items() if s} == {}


def test_every_sentence_of_the_catalogue_is_said_and_fills_in():
    used = "\n".join(path.read_text(encoding="utf-8")
                     for path in [*ROOT.glob("plugins/hub/**/*.py"), ROOT / "tasks.py"])
    for key, text in TEXTS.items():
        family = key.split("-", 1)[0]  # `say(f"kind-{kind}")` says the whole family
        assert f'"{key}"' in used.replace(f'    "{key}": ', "") or f'f"{family}-{{' in used, key
        names = {n for _t, n, _s, _c in string.Formatter().parse(text) if n}
        assert say(key, **{n: "x" for n in names}), key
