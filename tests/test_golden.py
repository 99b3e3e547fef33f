"""Golden-output test: the small sample site builds exactly to the committed output.

When a change of the theme or plugins changes the output on purpose, run
`invoke golden` and review the diff of tests/golden/ in the commit.
"""

from __future__ import annotations

import difflib

from golden import GOLDEN, build_golden, compared_files


def test_mini_site_matches_the_committed_output(tmp_path):
    build_golden(tmp_path)
    actual = compared_files(tmp_path)
    expected = compared_files(GOLDEN)
    assert sorted(actual) == sorted(expected), "Fichiers ajoutés ou disparus : invoke golden"
    diffs = []
    for rel in sorted(expected):
        if actual[rel] != expected[rel]:
            diff = difflib.unified_diff(expected[rel].splitlines(), actual[rel].splitlines(),
                                        f"golden/{rel}", f"built/{rel}", lineterm="", n=1)
            diffs.append("\n".join(list(diff)[:40]))
    assert not diffs, "La sortie a changé (invoke golden pour l'accepter) :\n" + "\n\n".join(diffs[:5])
