"""Write the release folder: the site as a zip, the PDFs, the EPUB and their SHA-256 checksums.

    python -m scripts.dist [--builddir DIR] [--locales DIR]

Reads the products of ``make all`` in DIR (default ``_build``) and writes ``DIR/dist/``::

    vertebroplasty-handbook-<version>-html.zip   the site, in a folder of the same name
    vertebroplasty-handbook-<version>.pdf               the tagged PDF (PDF/UA-1)
    vertebroplasty-handbook-<version>-large-print.pdf   its large-print edition
    vertebroplasty-handbook-<version>.epub
    SHA256SUMS                                   check with: sha256sum -c SHA256SUMS

and the same four files, named ``vertebroplasty-handbook-<version>-<language>...``, for each language
whose catalogues name a clinical reviewer (scripts/translations.py: what ``make all`` builds into
``DIR/<language>/``), all listed in the one SHA256SUMS.

The zip is reproducible (members sorted, every one dated SOURCE_DATE_EPOCH, the last commit), so
one commit always gives the same checksums. Exit 0 on success, 2 when a product is missing or stale.
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import shutil
import sys

from scripts import metadata, reproducible, translations
from scripts.layout import BASENAME, ROOT, BuildLayout
from scripts.sphinxext.downloads import FOLDER as SITE_DOWNLOADS
from scripts.sphinxext.downloads import sha256_of


class DistError(Exception):
    """A product is missing or does not match the others; the message says how to fix it."""


@dataclasses.dataclass(frozen=True)
class ReleaseNames:
    """The file names of one version's release."""

    version: str
    """The handbook's version, from CITATION.cff, e.g. "1.0.0"."""
    language: str = ""
    """A translation's language code, e.g. "fr"; "" for English."""

    @property
    def stem(self) -> str:
        return f"{BASENAME}-{self.version}" + (f"-{self.language}" if self.language else "")

    @property
    def site_zip(self) -> str:
        return f"{self.stem}-html.zip"

    @property
    def pdf(self) -> str:
        return f"{self.stem}.pdf"

    @property
    def large_print_pdf(self) -> str:
        return f"{self.stem}-large-print.pdf"

    @property
    def epub(self) -> str:
        return f"{self.stem}.epub"


def check_products(layout: BuildLayout) -> None:
    """Raise DistError unless the site, the PDFs and the EPUB exist and the site offers these very files."""
    products = (layout.pdf, layout.large_print_pdf, layout.epub)
    missing = [str(path) for path in (layout.html / "index.html", *products) if not path.is_file()]
    if missing:
        raise DistError(f"not built: {', '.join(missing)}; run `make all` (or `make dist`, which builds them)")
    for product in products:
        offered = layout.html / SITE_DOWNLOADS / product.name
        if not offered.is_file() or sha256_of(offered) != sha256_of(product):
            raise DistError(f"{offered} is missing or differs from {product}: the site was built before "
                            "the PDF or EPUB; run `make all` to build them in order")


def site_members(site: pathlib.Path, folder: str) -> list[reproducible.ZipMember]:
    """Every file of the site, sorted by path, under *folder*/ in the archive."""
    files = sorted((path for path in site.rglob("*") if path.is_file()), key=lambda p: p.relative_to(site).as_posix())
    return [reproducible.ZipMember(f"{folder}/{path.relative_to(site).as_posix()}", path) for path in files]


def write_release(layout: BuildLayout, version: str, epoch: int, languages: tuple[str, ...] = ()) -> pathlib.Path:
    """Write the release folder ``layout.build_dir/dist`` (replacing the old one) with English and each of
    *languages* (built into ``layout.build_dir/<language>/``); return it."""
    editions = [(ReleaseNames(version), layout)]
    editions += [(ReleaseNames(version, language), BuildLayout(layout.build_dir / language)) for language in languages]
    for _, built in editions:
        check_products(built)
    target = layout.build_dir / "dist"
    staging = target.with_name(".dist.new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    release = []
    for names, built in editions:
        reproducible.write_zip(staging / names.site_zip, site_members(built.html, names.stem + "-html"), epoch)
        shutil.copyfile(built.pdf, staging / names.pdf)
        shutil.copyfile(built.large_print_pdf, staging / names.large_print_pdf)
        shutil.copyfile(built.epub, staging / names.epub)
        release += [names.epub, names.site_zip, names.pdf, names.large_print_pdf]
    release.sort()
    # The lines `sha256sum -c` reads: the digest, two spaces, the file name.
    sums = "".join(f"{sha256_of(staging / name)}  {name}\n" for name in release)
    (staging / "SHA256SUMS").write_text(sums, encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.dist", description=__doc__.splitlines()[0])
    parser.add_argument("--builddir", type=pathlib.Path, default=ROOT / "_build", help="default: _build")
    parser.add_argument("--locales", type=pathlib.Path, default=translations.LOCALES,
                        help="the catalogues; each reviewed language is released too (default: locales)")
    args = parser.parse_args(argv)
    try:
        version = metadata.load().version
        languages = translations.reviewed_languages(args.locales.resolve())
        target = write_release(BuildLayout(args.builddir.resolve()), version, reproducible.source_date_epoch(),
                               languages)
    # ValueError: a bad CITATION.cff or SOURCE_DATE_EPOCH, or a catalogue that cannot be read (TranslationError)
    except (DistError, ValueError) as error:
        print(f"dist: {error}", file=sys.stderr)
        return 2
    for path in sorted(target.iterdir()):
        print(f"dist: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
