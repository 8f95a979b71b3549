"""`make dist` (scripts/dist.py): the release folder, its checksums, and a reproducible site zip.

Most tests run it on small stand-ins for the built products in a temporary folder (what it does
with them does not depend on what they contain); the last one runs it on the session's real build.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import zipfile

import pytest

from scripts import dist, metadata, translations
from scripts.layout import BASENAME, BuildLayout

# A catalogue whose header names a clinical reviewer and date (tests/fixtures/translations/).
TRANSLATION_FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "translations"
EPOCH = 1764000000  # 2025-11-24 16:00:00 UTC
NAMES = dist.ReleaseNames(metadata.load().version)
SITE_FILES = {"index.html": "<html>home</html>", "chapter.html": "<html>chapter</html>",
              "_static/handbook.css": "body {}", "_static/images/logo.svg": "<svg/>"}


def make_products(build_dir, file_time: int) -> BuildLayout:
    """A fake `make all` output in *build_dir*, every file's mtime set to *file_time*."""
    layout = BuildLayout(build_dir)
    layout.pdf.parent.mkdir(parents=True)
    layout.pdf.write_bytes(b"%PDF-1.7 stand-in")
    layout.large_print_pdf.write_bytes(b"%PDF-1.7 large-print stand-in")
    layout.epub.parent.mkdir(parents=True)
    layout.epub.write_bytes(b"PK stand-in")
    # Written in reverse order, so the file system's order is not the sorted one.
    for name, text in reversed(SITE_FILES.items()):
        (layout.html / name).parent.mkdir(parents=True, exist_ok=True)
        (layout.html / name).write_text(text, encoding="utf-8")
    (layout.html / "downloads").mkdir()
    for product in (layout.pdf, layout.large_print_pdf, layout.epub):
        shutil.copyfile(product, layout.html / "downloads" / product.name)
    for path in build_dir.rglob("*"):
        os.utime(path, (file_time, file_time))
    return layout


@pytest.fixture
def fixed_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))


def test_writes_the_release_folder(tmp_path, fixed_epoch, capsys):
    layout = make_products(tmp_path, EPOCH)
    assert dist.main(["--builddir", str(tmp_path)]) == 0
    release = tmp_path / "dist"
    assert sorted(p.name for p in release.iterdir()) == sorted(
        ["SHA256SUMS", NAMES.site_zip, NAMES.pdf, NAMES.large_print_pdf, NAMES.epub])
    assert (release / NAMES.pdf).read_bytes() == layout.pdf.read_bytes()
    assert (release / NAMES.large_print_pdf).read_bytes() == layout.large_print_pdf.read_bytes()
    assert (release / NAMES.epub).read_bytes() == layout.epub.read_bytes()
    assert str(release / "SHA256SUMS") in capsys.readouterr().out


def test_sha256sum_accepts_the_checksums(tmp_path, fixed_epoch):
    make_products(tmp_path, EPOCH)
    assert dist.main(["--builddir", str(tmp_path)]) == 0
    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=tmp_path / "dist",
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == 4


def test_site_zip_holds_the_site_sorted_and_dated_by_source_date_epoch(tmp_path, fixed_epoch):
    make_products(tmp_path, EPOCH + 86400 * 30)
    assert dist.main(["--builddir", str(tmp_path)]) == 0
    folder = NAMES.site_zip.removesuffix(".zip")
    with zipfile.ZipFile(tmp_path / "dist" / NAMES.site_zip) as archive:
        names = archive.namelist()
        expected = sorted([*SITE_FILES, f"downloads/{BASENAME}.pdf", f"downloads/{BASENAME}-large-print.pdf",
                           f"downloads/{BASENAME}.epub"])
        assert names == [f"{folder}/{name}" for name in expected]
        assert archive.read(f"{folder}/index.html") == b"<html>home</html>"
        assert {info.date_time for info in archive.infolist()} == {(2025, 11, 24, 16, 0, 0)}
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o100644}


def test_two_runs_write_identical_zips(tmp_path, fixed_epoch):
    """Files touched at other times, in another folder: the release is still the same, byte for byte."""
    make_products(tmp_path / "one", EPOCH)
    make_products(tmp_path / "two", EPOCH + 12345)
    assert dist.main(["--builddir", str(tmp_path / "one")]) == 0
    assert dist.main(["--builddir", str(tmp_path / "two")]) == 0
    for name in ("SHA256SUMS", NAMES.site_zip):
        assert (tmp_path / "one" / "dist" / name).read_bytes() == (tmp_path / "two" / "dist" / name).read_bytes()


def test_a_second_run_replaces_the_release(tmp_path, fixed_epoch):
    make_products(tmp_path, EPOCH)
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "vertebroplasty-handbook-0.9.0.pdf").write_bytes(b"old")
    assert dist.main(["--builddir", str(tmp_path)]) == 0
    assert not (tmp_path / "dist" / "vertebroplasty-handbook-0.9.0.pdf").exists()


def test_missing_product_is_a_usage_error(tmp_path, fixed_epoch, capsys):
    layout = make_products(tmp_path, EPOCH)
    layout.epub.unlink()
    assert dist.main(["--builddir", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert str(layout.epub) in error and "make all" in error
    assert not (tmp_path / "dist").exists()


def test_site_offering_an_older_pdf_is_refused(tmp_path, fixed_epoch, capsys):
    layout = make_products(tmp_path, EPOCH)
    layout.pdf.write_bytes(b"%PDF-1.7 rebuilt after the site")
    assert dist.main(["--builddir", str(tmp_path)]) == 2
    assert "differs from" in capsys.readouterr().err


def test_the_real_release_holds_the_built_site(handbook):
    """On the session's real build: the zip unpacks to the site exactly, and the checksums verify."""
    release = dist.write_release(handbook, NAMES.version, EPOCH)
    folder = NAMES.site_zip.removesuffix(".zip")
    with zipfile.ZipFile(release / NAMES.site_zip) as archive:
        unpacked = {name.removeprefix(f"{folder}/"): archive.read(name) for name in archive.namelist()}
    site = {path.relative_to(handbook.html).as_posix(): path.read_bytes()
            for path in handbook.html.rglob("*") if path.is_file()}
    assert unpacked == site
    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=release,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_releases_each_reviewed_language_beside_english(tmp_path, fixed_epoch):
    # A catalogue marked reviewed, in a temporary locales folder only (the fixture, never a real language).
    locales = tmp_path / "locales"
    messages = translations.messages_folder(locales, "eo")
    messages.mkdir(parents=True)
    shutil.copy(TRANSLATION_FIXTURES / "reviewed.po", messages / "reviewed.po")
    make_products(tmp_path / "build", EPOCH)
    translated = make_products(tmp_path / "build" / "eo", EPOCH)
    assert dist.main(["--builddir", str(tmp_path / "build"), "--locales", str(locales)]) == 0
    release = tmp_path / "build" / "dist"
    names = dist.ReleaseNames(NAMES.version, "eo")
    assert names.site_zip == f"{BASENAME}-{NAMES.version}-eo-html.zip"
    files = [NAMES.site_zip, NAMES.pdf, NAMES.large_print_pdf, NAMES.epub,
             names.site_zip, names.pdf, names.large_print_pdf, names.epub]
    assert sorted(p.name for p in release.iterdir()) == sorted(["SHA256SUMS", *files])
    assert (release / names.pdf).read_bytes() == translated.pdf.read_bytes()
    assert (release / names.epub).read_bytes() == translated.epub.read_bytes()
    with zipfile.ZipFile(release / names.site_zip) as archive:
        assert f"{names.stem}-html/index.html" in archive.namelist()
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=release, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == len(files)


def test_a_reviewed_language_not_built_stops_the_release(tmp_path, fixed_epoch, capsys):
    locales = tmp_path / "locales"
    messages = translations.messages_folder(locales, "eo")
    messages.mkdir(parents=True)
    shutil.copy(TRANSLATION_FIXTURES / "reviewed.po", messages / "reviewed.po")
    make_products(tmp_path / "build", EPOCH)
    assert dist.main(["--builddir", str(tmp_path / "build"), "--locales", str(locales)]) == 2
    assert f"{tmp_path / 'build' / 'eo'}" in capsys.readouterr().err
    assert not (tmp_path / "build" / "dist").exists()
