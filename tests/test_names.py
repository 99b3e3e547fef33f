"""Names that explain themselves: one meaning per class name across the plugin, and no
module that rebinds a global to carry the state of a run."""

from __future__ import annotations

import ast
from collections import defaultdict

from support import ROOT

PLUGIN = ROOT / "plugins" / "hub"
# The one global rebound on purpose: the checker's parent hands the built site to the
# worker processes it forks (they cannot be given an argument that large cheaply).
FORK_HAND_OFF = {("checks/output.py", "_CHECK")}
# The model's extension point: a project's settings file registers its own content type
# once, before any build reads the model (`model.register_type`).
TYPE_REGISTRATION = {("model.py", "CONTENT_TYPES"), ("model.py", "FEED_TYPES")}


def modules() -> list[tuple[str, ast.Module]]:
    return [(p.relative_to(PLUGIN).as_posix(), ast.parse(p.read_text(encoding="utf-8")))
            for p in sorted(PLUGIN.rglob("*.py"))]


def test_each_class_name_has_one_meaning() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for rel, tree in modules():
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                where[node.name].append(rel)
            elif (isinstance(node, ast.Assign) and len(node.targets) == 1
                  and isinstance(node.targets[0], ast.Name)
                  and node.targets[0].id[:1].isupper() and not node.targets[0].id.isupper()):
                where[node.targets[0].id].append(rel)  # a type alias: `Key = tuple[…]`
    twice = {name: files for name, files in where.items() if len(files) > 1}
    assert twice == {}


def test_no_module_rebinds_a_global() -> None:
    found = {(rel, name) for rel, tree in modules() for node in ast.walk(tree)
             if isinstance(node, ast.Global) for name in node.names}
    assert found <= FORK_HAND_OFF | TYPE_REGISTRATION
