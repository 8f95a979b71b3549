"""Build the handbook in one or more formats, strictly, and publish each only when it succeeded.

    python -m scripts.build [--builddir DIR] [--source DOCS] [--paper a4|letter] [--print standard|large]
                            [--citation-style apa|mla|chicago|harvard] [--locale LANG [--draft]] FORMAT...
                                                        (FORMAT: html, pdf, latexpdf, epub, all, gettext)

Every Sphinx run uses ``-W --keep-going -n``: all warnings are reported, then the build fails; and
``-j auto``, reading and writing on every core.
Sphinx works in ``DIR/.work/FORMAT`` (kept, so the next build is incremental); the product
(``DIR/html/``, ``DIR/pdf/vertebroplasty-handbook.pdf``, ``DIR/epub/vertebroplasty-handbook.epub``)
is replaced in one rename after a successful build, so a failed build never leaves half-written
output in place of the last good one. ``all`` builds the PDF (both editions) and EPUB before the
site, which links to them.

Two PDFs: ``pdf`` is the tagged PDF/UA-1 book, made by WeasyPrint from Sphinx's single-page HTML
(scripts/print_pdf.py), in the standard edition or (``--print large``) the large-print one beside
it; ``latexpdf`` is Sphinx's conventional LaTeX route through xelatex, untagged, into
``DIR/latex/vertebroplasty-handbook.pdf``.

Translations (scripts/translations.py): ``gettext`` writes the translators' templates into
``DIR/gettext/``; ``--locale LANG`` builds that language from ``locales/LANG/`` into ``DIR/LANG/``
(``DIR/LANG/html/`` and so on), its catalogues compiled in its work folder; a language without a
recorded clinical review builds only with ``--draft``. ``all`` without ``--locale`` builds English,
then every reviewed language.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

from scripts import branding, reproducible, translations
from scripts.checkkit import InputError, read_text
from scripts.csl import CITATION_STYLES
from scripts.layout import BASENAME, FORMATS, PDF_EDITIONS, ROOT, BuildLayout

DEFAULT_SOURCE = ROOT / "docs"
STRICT = ["-W", "--keep-going", "-n"]
# Read and write on every core (Sphinx falls back to one where a builder cannot write in parallel);
# every local extension is parallel-safe (tests/test_parallel.py builds in parallel and serially and compares).
PARALLEL = ["-j", "auto"]
SPHINX_BUILDER = {"html": "html", "pdf": "singlehtml", "latexpdf": "latex", "epub": "epub", "gettext": "gettext"}
# Order for `all`: the site links to the PDF and EPUB, so they come first.
ALL_ORDER = ("pdf", "epub", "html")
# A LaTeX error line in xelatex's log, e.g. "! Undefined control sequence."
LATEX_ERROR = re.compile(r"^! .*$", re.MULTILINE)


class BuildError(Exception):
    """A build step failed; the message says what to look at."""


def say(message: str) -> None:
    print(f"build: {message}", flush=True)


def build_environment(layout: BuildLayout, source: pathlib.Path, paper: str,
                      citation_style: str = "apa", translation: translations.Translation | None = None) -> dict[str, str]:
    # conf.py reads these: where the products are, where the chapters (and references.bib) are.
    # SOURCE_DATE_EPOCH dates the outputs (Sphinx, the EPUB, the tagged PDF's dates, xdvipdfmx's
    # /CreationDate and /ID);
    # FORCE_SOURCE_DATE=1 makes TeX's own \year, \month, \day and \time (so \today) use it too.
    try:
        epoch = reproducible.source_date_epoch()
        # conf.py reads branding.toml too, but Sphinx would report a mistake in it as a crash.
        branding.load()
    except ValueError as error:  # a bad SOURCE_DATE_EPOCH or branding value; the message says which
        raise BuildError(str(error)) from None
    environment = dict(os.environ, HANDBOOK_BUILD_DIR=str(layout.build_dir), HANDBOOK_SOURCE_DIR=str(source),
                       PAPER=paper, CITATION_STYLE=citation_style, SOURCE_DATE_EPOCH=str(epoch), FORCE_SOURCE_DATE="1")
    if translation:
        environment.update(translation_environment(layout, translation))
    return environment


def translation_environment(layout: BuildLayout, translation: translations.Translation) -> dict[str, str]:
    """Check that *translation* may be built, copy its catalogues into the work folder; conf.py's variables.

    Sphinx compiles each catalogue (.po) into a .mo file beside it: in the copy, so the repository holds
    only what translators write. copytree keeps the files' times, so Sphinx recompiles only what changed.
    """
    try:
        translations.check_buildable(translation)
    except translations.TranslationError as error:
        raise BuildError(str(error)) from None
    compiled = layout.work("locales")
    shutil.copytree(translations.messages_folder(translation.locales, translation.language),
                    translations.messages_folder(compiled, translation.language), dirs_exist_ok=True)
    return {"HANDBOOK_LANGUAGE": translation.language, "HANDBOOK_LOCALE_DIR": str(compiled),
            "HANDBOOK_LOCALES": str(translation.locales), "HANDBOOK_DRAFT": "1" if translation.draft else ""}


def check_sources_are_text(source: pathlib.Path, record: pathlib.Path | None = None) -> None:
    """Raise BuildError naming the file and line if a chapter or the .bib is not UTF-8 text.

    Sphinx would stop on such a file with a traceback that names neither. With *record* (a JSON file
    kept in the work folder), files whose size and modification time are those recorded after the last
    check are not read again: a rebuild after an edit reads the edited chapter, not all of them.
    """
    try:
        checked = json.loads(record.read_text(encoding="utf-8")) if record else {}
    except (OSError, ValueError):  # no record yet, or a damaged one: check every file
        checked = {}
    found = {}
    for path in sorted(source.rglob("*")):
        if path.suffix in {".md", ".bib"} and path.is_file() and not any(
                part.startswith(("_", ".")) for part in path.relative_to(source).parts[:-1]):
            stat = path.stat()
            found[str(path)] = [stat.st_size, stat.st_mtime_ns]
            if checked.get(str(path)) == found[str(path)]:
                continue
            try:
                read_text(str(path))
            except InputError as error:
                raise BuildError(str(error)) from None
    if record:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(found), encoding="utf-8")


def run_sphinx(fmt: str, layout: BuildLayout, source: pathlib.Path, environment: dict[str, str],
               extra: list[str], profile: pathlib.Path | None = None) -> pathlib.Path:
    """Run sphinx-build for *fmt* into its work folder; return Sphinx's output folder.

    With *profile*, Sphinx runs under cProfile, which writes its statistics there, and in one process:
    cProfile sees nothing of what parallel workers (forks) do.
    """
    work = layout.work(fmt)
    out = work / "out"
    if fmt == "epub":
        # The EPUB builder packs every file it finds in its output folder, leftovers of an older
        # build included (EPUBCheck then fails); the doctrees keep reading incremental.
        shutil.rmtree(out, ignore_errors=True)
    profiler = ["-m", "cProfile", "-o", str(profile)] if profile else []
    command = [sys.executable, *profiler, "-m", "sphinx", "-b", SPHINX_BUILDER[fmt], "-c", str(ROOT), *STRICT,
               *([] if profile else PARALLEL), "-d", str(work / "doctrees"), *extra, str(source), str(out)]
    if subprocess.run(command, env=environment).returncode != 0:
        raise BuildError("Sphinx reported the problems above (file:line: message); fix them and build again.")
    return out


def run_latex(out: pathlib.Path, environment: dict[str, str]) -> pathlib.Path:
    """Turn Sphinx's LaTeX into a PDF with latexmk and xelatex; return the PDF."""
    say("running xelatex through latexmk (several passes; this takes a minute or two)")
    log_file = out / "latexmk-output.log"
    with log_file.open("w", encoding="utf-8") as log:
        result = subprocess.run(["make", "-C", str(out), "all-pdf", "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
                                env=environment, stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tex_log = out / f"{BASENAME}.log"
        text = tex_log.read_text(encoding="utf-8", errors="replace") if tex_log.exists() else ""
        errors = LATEX_ERROR.findall(text)[:5] or ["(no '!' error line; see the log)"]
        raise BuildError("xelatex failed:\n  " + "\n  ".join(errors) + f"\nFull logs: {log_file} and {tex_log}")
    return out / f"{BASENAME}.pdf"


def run_print(out: pathlib.Path, layout: BuildLayout, edition: str, paper: str, epoch: int,
              translation: translations.Translation | None = None) -> pathlib.Path:
    """Lay out Sphinx's single-page HTML in *out* as the tagged PDF of *edition*, in *translation*'s
    language (English for None); return the PDF."""
    # Imported here, not at the top: WeasyPrint and pikepdf take half a second to import, which every
    # `make html` after an edit would pay for a PDF it does not make.
    from scripts import print_pdf

    say(f"laying out the {edition} edition with WeasyPrint (tagged PDF/UA-1)")
    result = layout.work("pdf") / f"{edition}.pdf"
    try:
        return print_pdf.make_pdf(out / "index.html", result, edition, paper, epoch,
                                  print_pdf.BookLanguage.of(translation))
    except print_pdf.PrintError as error:
        raise BuildError(str(error)) from None


def copy_or_link(file: str, copy: str, published: pathlib.Path) -> None:
    """Copy *file* to *copy*, or hard-link the *published* copy of it when that one is unchanged.

    An edit rebuilds a few pages of a site of hundreds of files: linking the others costs next to
    nothing. Safe because a published file is never written in place: each is made by copy2 (a file
    of its own, with *file*'s modification time, the sign it is unchanged) or linked from such a one.
    """
    stat = os.stat(file)
    try:
        previous = published.stat()
        if (previous.st_size, previous.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            os.link(published, copy)
            return
    except OSError:  # not published before, or a file system without hard links: copy it
        pass
    shutil.copy2(file, copy)


def publish(source: pathlib.Path, target: pathlib.Path) -> None:
    """Replace *target* by a copy of *source* with a rename, so readers never see a half-written product."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.new")
    retired = target.with_name(f".{target.name}.old")
    for leftover in (staging, retired):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()
    if source.is_dir():
        def copy_function(file: str, copy: str) -> None:
            copy_or_link(file, copy, target / pathlib.Path(copy).relative_to(staging))

        shutil.copytree(source, staging, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"),
                        copy_function=copy_function)
    else:
        shutil.copy2(source, staging)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    if retired.is_dir():
        shutil.rmtree(retired)
    elif retired.exists():
        retired.unlink()


def forget_failed_build(layout: BuildLayout, fmt: str) -> None:
    # Sphinx saves its environment before writing; after a failure, the next build must read every
    # chapter again, or it would skip the ones that failed and report nothing.
    shutil.rmtree(layout.work(fmt) / "doctrees", ignore_errors=True)


def build(fmt: str, layout: BuildLayout, source: pathlib.Path = DEFAULT_SOURCE, paper: str = "a4",
          extra: list[str] = (), citation_style: str = "apa", editions: tuple[str, ...] = PDF_EDITIONS,
          translation: translations.Translation | None = None, profile: pathlib.Path | None = None) -> pathlib.Path:
    """Build *fmt* from *source* and publish it; return the published product. Raises BuildError on failure.

    For ``pdf``, each of *editions* is laid out from the one Sphinx run and published as soon as it
    succeeded; the product returned is the last edition's.
    """
    environment = build_environment(layout, source, paper, citation_style, translation)
    start = time.monotonic()
    try:
        check_sources_are_text(source, layout.work(fmt) / "sources-are-text.json")
        out = run_sphinx(fmt, layout, source, environment, list(extra), profile)
        if fmt == "pdf":
            products, epoch = [], int(environment["SOURCE_DATE_EPOCH"])
            for edition in editions:
                products.append(layout.pdf_edition(edition))
                publish(run_print(out, layout, edition, paper, epoch, translation), products[-1])
        elif fmt == "latexpdf":
            products = [layout.latexpdf]
            publish(run_latex(out, environment), layout.latexpdf)
        elif fmt == "gettext":
            products = [layout.gettext]
            publish(out, layout.gettext)
        elif fmt == "epub":
            products = [layout.epub]
            publish(out / f"{BASENAME}.epub", layout.epub)
        else:
            products = [layout.html]
            publish(out, layout.html)
    except BaseException:
        forget_failed_build(layout, fmt)
        raise
    say(f"{fmt} built in {time.monotonic() - start:.0f} s: {', '.join(str(product) for product in products)}")
    return products[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build", description=__doc__.splitlines()[0])
    parser.add_argument("formats", nargs="+", choices=(*FORMATS, "all", "gettext"), metavar="FORMAT",
                        help="html, pdf (tagged, WeasyPrint), latexpdf (xelatex), epub, all, or gettext (translators' templates)")
    parser.add_argument("--builddir", type=pathlib.Path, default=ROOT / "_build", help="default: _build")
    parser.add_argument("--source", type=pathlib.Path, default=DEFAULT_SOURCE,
                        help="the folder of chapters and references.bib (default: docs)")
    parser.add_argument("--paper", choices=("a4", "letter"), default=os.environ.get("PAPER") or "a4",
                        help="PDF paper size (default: a4, or $PAPER)")
    parser.add_argument("--print", dest="edition", choices=PDF_EDITIONS, default="standard",
                        help="the tagged PDF's edition: standard (default) or large print; `all` builds both")
    parser.add_argument("--citation-style", choices=CITATION_STYLES,
                        default=os.environ.get("CITATION_STYLE") or "apa",
                        help="citations and reference list: apa, mla, chicago or harvard (default: apa, or $CITATION_STYLE)")
    parser.add_argument("--sphinx-option", action="append", default=[], metavar="OPTION",
                        help="extra option passed to sphinx-build (repeatable), e.g. --sphinx-option=-q")
    parser.add_argument("--locale", default=os.environ.get("LOCALE") or "",
                        help="build this translation (locales/LOCALE) into BUILDDIR/LOCALE (default: English, or $LOCALE)")
    parser.add_argument("--draft", action="store_true", default=os.environ.get("DRAFT") == "1",
                        help="allow a translation without a recorded clinical review, marked as a draft (or $DRAFT)")
    parser.add_argument("--locales", type=pathlib.Path, default=translations.LOCALES, help="the catalogues (default: locales)")
    parser.add_argument("--profile", type=pathlib.Path, metavar="FILE",
                        help="run Sphinx in one process under cProfile and write its statistics to FILE (make bench uses it)")
    args = parser.parse_args(argv)
    # argparse checks the choices of a value given on the command line, not of a default from the environment.
    if args.paper not in ("a4", "letter"):
        parser.error(f"PAPER={args.paper!r}: use a4 or letter")
    if "gettext" in args.formats and args.locale:
        parser.error("gettext writes the templates from the English text; run it without LOCALE")
    if args.citation_style not in CITATION_STYLES:
        parser.error(f"CITATION_STYLE={args.citation_style!r}: use one of {', '.join(CITATION_STYLES)}")

    formats = ALL_ORDER if "all" in args.formats else tuple(f for f in (*ALL_ORDER, "latexpdf", "gettext") if f in args.formats)
    editions = PDF_EDITIONS if "all" in args.formats else (args.edition,)
    locales = args.locales.resolve()
    if args.locale:
        languages = [args.locale]
    else:
        try:
            languages = ["", *translations.reviewed_languages(locales)] if "all" in args.formats else [""]
        except translations.TranslationError as error:
            print(f"build: {error}", file=sys.stderr)
            return 1
    jobs = [(language, fmt) for language in languages for fmt in formats]
    for number, (language, fmt) in enumerate(jobs, 1):
        # English goes to BUILDDIR itself, each translation to BUILDDIR/LANGUAGE.
        layout = BuildLayout(args.builddir.resolve() / language)
        translation = translations.Translation(language, locales, args.draft) if language else None
        say(f"[{number}/{len(jobs)}] building {fmt}{f' in {language!r}' if language else ''}")
        try:
            build(fmt, layout, args.source.resolve(), args.paper, args.sphinx_option, args.citation_style, editions,
                  translation, args.profile and args.profile.resolve())
        except BuildError as error:
            print(f"build: {fmt} FAILED. {error}", file=sys.stderr)
            kept = layout.pdf_edition(editions[-1]) if fmt == "pdf" else layout.product(fmt)
            print(f"build: the last good {fmt} output is unchanged"
                  f"{f' at {kept}' if kept.exists() else ' (there was none)'}.", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print(f"build: interrupted; the last good {fmt} output is unchanged.", file=sys.stderr)
            return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
