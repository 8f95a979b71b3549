"""`make check` (scripts/check.py): every offline checker runs, and the handbook passes them all."""

from __future__ import annotations

import shutil

from scripts import check
from tests.helpers import DOCS


def test_the_handbook_passes_every_offline_check(capsys):
    assert check.main([]) == 0
    out = capsys.readouterr().out
    assert f"check: all {len(check.STEPS)} checks passed." in out


def test_a_failing_checker_fails_the_run_and_is_named(tmp_path, capsys):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    chapter = docs / "procedure.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nSee {cite:p}`no_such_key`.\n", encoding="utf-8")
    assert check.main(["--docs", str(docs)]) == 1
    assert "check: references, cross-references, images and raw HTML: reported errors (exit 1)" in capsys.readouterr().err
