"""A cheap edit-rebuild loop that stays correct: an incremental build publishes what a cold one would.

scripts/build.py keeps Sphinx's work folder between builds, skips re-checking unchanged sources and
publishes by hard-linking every file that did not change since the last publish. Each shortcut must
give the bytes a cold build gives.
"""

from __future__ import annotations

import pathlib
import shutil

from scripts import build
from scripts.layout import BuildLayout
from tests.helpers import DOCS


def tree(folder: pathlib.Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def test_publishing_again_replaces_changed_files_and_keeps_the_rest(tmp_path):
    source, target = tmp_path / "out", tmp_path / "site"
    (source / "sub").mkdir(parents=True)
    (source / "page.html").write_text("first", encoding="utf-8")
    (source / "sub" / "kept.css").write_text("kept", encoding="utf-8")
    build.publish(source, target)
    (source / "page.html").write_text("again", encoding="utf-8")  # the same size, new bytes
    (source / "new.html").write_text("new", encoding="utf-8")
    build.publish(source, target)
    assert tree(target) == {"new.html": b"new", "page.html": b"again", "sub/kept.css": b"kept"}
    # Published files are files of their own: the next build rewriting its output cannot touch them.
    (source / "sub" / "kept.css").write_text("changed", encoding="utf-8")
    assert (target / "sub" / "kept.css").read_text(encoding="utf-8") == "kept"


def test_an_incremental_build_after_an_edit_equals_a_cold_build(tmp_path):
    source = tmp_path / "docs"
    shutil.copytree(DOCS, source)
    incremental, cold = BuildLayout(tmp_path / "incremental"), BuildLayout(tmp_path / "cold")
    build.build("html", incremental, source, extra=["-q"])
    chapter = source / "alternatives.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added by the test.\n", encoding="utf-8")
    build.build("html", incremental, source, extra=["-q"])
    build.build("html", cold, source, extra=["-q"])
    incremental_site, cold_site = tree(incremental.html), tree(cold.html)
    assert "A sentence added by the test." in cold_site["alternatives.html"].decode("utf-8")
    assert sorted(incremental_site) == sorted(cold_site)
    assert [name for name in cold_site if incremental_site[name] != cold_site[name]] == []
