"""The hub's settings are declared once (HubSettings): a pelicanconf.py that leaves every
`HUB_` key out builds exactly as one that writes the defaults out, and every bad key is
named in one run."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from hub.settings import HubSettings, SettingsError, load
from support import ROOT, TODAY

HUB_KEYS = [f.name for f in fields(HubSettings) if f.name.startswith("HUB_")]

OMITTED = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from pelicanconf import *  # noqa: F403
for _key in [k for k in globals() if k.startswith("HUB_")]:
    del globals()[_key]
"""

WRITTEN_OUT = OMITTED + """
from dataclasses import fields as _fields, MISSING as _MISSING
from hub.settings import HubSettings as _Hub
for _field in _fields(_Hub):
    if _field.name.startswith("HUB_"):
        globals()[_field.name] = (_field.default if _field.default is not _MISSING
                                  else _field.default_factory())
"""


def _pelican(conf: Path, content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    # Only the day is given on the command line, so that both builds see the same one.
    return subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(conf),
         "-e", f'HUB_TODAY="{TODAY}"'],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def _differences(a: Path, b: Path) -> list[str]:
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files,
                                               shallow=False)
        out.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


def test_leaving_every_hub_key_out_builds_exactly_as_the_defaults(tmp_path: Path) -> None:
    outputs = []
    for name, text in (("omitted", OMITTED), ("written", WRITTEN_OUT)):
        conf = tmp_path / f"{name}conf.py"
        conf.write_text(text, encoding="utf-8")
        content = tmp_path / "content"  # the same path for both builds
        shutil.rmtree(content, ignore_errors=True)
        shutil.copytree(ROOT / "content", content)  # the default registry is written here
        output = tmp_path / f"output-{name}"
        done = _pelican(conf, content, output)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Traceback" not in done.stderr and "CRITICAL" not in done.stderr
        assert "ERROR" not in done.stderr, done.stderr[-3000:]
        outputs.append(output)
    omitted, written = outputs
    assert (omitted / "index.html").is_file()
    assert list(omitted.glob("services/*/index.html"))
    assert _differences(omitted, written) == []


BAD = """
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F403
PATH = {content!r}
HUB_FEED_ITEMS = "vingt"
HUB_SEARCHE = False
HUB_TODAY = "demain"
"""


def test_every_bad_setting_is_named_in_one_run(tmp_path: Path) -> None:
    conf = tmp_path / "badconf.py"
    conf.write_text(BAD.format(root=str(ROOT), content=str(ROOT / "tests/fixtures/mini-site")), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    build = subprocess.run(
        [sys.executable, "-m", "pelican", str(ROOT / "tests/fixtures/mini-site"), "-o",
         str(tmp_path / "out"), "-s", str(conf)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    check = subprocess.run(
        [sys.executable, "-m", "hub.checks", "--content", str(ROOT / "tests/fixtures/mini-site"),
         "--sources-only", "--settings", str(conf)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    for done in (build, check):
        assert done.returncode == 2, done.stderr[-2000:]
        assert "Traceback" not in done.stderr
        for key in ("HUB_FEED_ITEMS", "HUB_SEARCHE", "HUB_TODAY"):
            assert key in done.stderr, (key, done.stderr[-2000:])
    assert "Vouliez-vous dire HUB_SEARCH ?" in build.stderr
    assert "HUB_FEED_ITEMS doit être un nombre entier, pas un texte" in build.stderr


@pytest.mark.parametrize("value", [None, True, [], 1.5])
def test_no_python_value_in_a_setting_message(value: object) -> None:
    with pytest.raises(SettingsError) as caught:
        load({"HUB_ORGANISATION": value, "HUB_HOME_ITEMS": value})
    assert len(caught.value.problems) == 2
    words = re.findall(r"\S+", str(caught.value))
    for word in ("None", "True", "[]", "1.5", "list", "NoneType", "float"):
        assert word not in words


def test_every_hub_key_has_one_default() -> None:
    assert load({}) == HubSettings()
    assert len(HUB_KEYS) == len(set(HUB_KEYS)) >= 20


def test_the_checker_reads_the_overrides_pelican_is_given() -> None:
    """One encoder (`pelican_overrides`) for the build and the checker's command line."""
    from hub.checks.cli import parser
    from hub.settings import pelican_overrides

    values = {"HUB_TODAY": "2026-11-23", "HUB_INTERNAL_HOSTS": ["intra.example"]}
    args = parser().parse_args(["-e", 'THEME="t"', *pelican_overrides(values)])
    assert args.extra_settings == [
        'THEME="t"', 'HUB_TODAY="2026-11-23"', 'HUB_INTERNAL_HOSTS=["intra.example"]',
        'HUB_GIVEN=["HUB_INTERNAL_HOSTS", "HUB_TODAY"]']  # the site file keeps them
