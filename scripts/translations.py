"""The translators' catalogues: one reader for the build and ``make check``, and the update step.

    python -m scripts.translations update LANGUAGE [--locales DIR] [--templates DIR]
    python -m scripts.translations status [--locales DIR] [--format text|json]

A language lives in ``locales/LANGUAGE/LC_MESSAGES/``, one catalogue (``CHAPTER.po``) per chapter
and one for each set of words around the chapters (:data:`SHARED_CATALOGUES`), all
made and kept up to date from the ``.pot`` templates of ``make gettext`` by sphinx-intl (``make
update-po LOCALE=xx``). Each catalogue's header comment names who translated it and which clinician
reviewed the translation, and when::

    # Translator: Ana Example <ana@example.org>
    # Clinical-Reviewer: Dr Ben Example, consultant radiologist
    # Clinical-Review-Date: 2026-11-30

They are header *comment* fields because Babel, which reads catalogues for Sphinx and sphinx-intl,
keeps only the standard fields of the ``msgid ""`` header: custom fields there would be dropped by
the next ``make update-po``; the header comment survives it. A language whose every catalogue names a
reviewer and a review date is *reviewed*: ``make all`` builds it. Any other builds only as a draft
(``DRAFT=1``), marked as one on every page.

``status`` reports, per language and chapter, the share of messages translated, fuzzy (translated
for an older English text, so possibly out of date) and untranslated. Exit status: 0 when every
catalogue could be read, 1 when one could not (``path:line: message``), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import pathlib
import sys

from babel import Locale, UnknownLocaleError
from babel.messages import pofile

from scripts import checkkit
from scripts.layout import ROOT

LOCALES = ROOT / "locales"
# The catalogues that hold no chapter, and what they hold: `make check` names it beside the file.
SHARED_CATALOGUES = {
    "handbook": "the handbook's own notices and labels",
    "sphinx": "the site's templates and theme: search, navigation, footer",
    "booktheme": "the book theme's own words",
}
# The header comment fields of a catalogue, as translators write them.
TRANSLATOR, REVIEWER, REVIEW_DATE = "Translator", "Clinical-Reviewer", "Clinical-Review-Date"
HEADER_FIELDS = (TRANSLATOR, REVIEWER, REVIEW_DATE)


class TranslationError(ValueError):
    """A catalogue cannot be read, or a language cannot be built as asked; the message names the file."""


@dataclasses.dataclass(frozen=True)
class Catalogue:
    """One chapter's catalogue in one language, as the build and ``make check`` see it."""

    path: pathlib.Path
    chapter: str
    """The chapter's document name (the catalogue's file name without ``.po``)."""
    translator: str
    reviewer: str
    review_date: datetime.date | None
    translations: dict[str, str] = dataclasses.field(hash=False, compare=False)
    """Each message (its English) with its translation, fuzzy ones included: what the build shows."""
    fuzzy_messages: frozenset[str]
    """Messages translated for an older English text (msgmerge marked them): shown, marked out of date."""
    untranslated_messages: frozenset[str]
    lines: dict[str, int] = dataclasses.field(default_factory=dict, hash=False, compare=False)
    """Each message (its English) with the line of the catalogue it starts on, for error messages."""

    @property
    def fuzzy(self) -> int:
        return len(self.fuzzy_messages)

    @property
    def untranslated(self) -> int:
        return len(self.untranslated_messages)

    @property
    def translated(self) -> int:
        """Messages with a current translation."""
        return len(self.translations) - self.fuzzy

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewer) and self.review_date is not None

    @property
    def complete(self) -> bool:
        """Every message translated and none fuzzy: the page needs no notice."""
        return self.translated == self.total


@dataclasses.dataclass(frozen=True)
class Translation:
    """What a build of another language needs: the language, its catalogues, and whether it is a draft."""

    language: str
    locales: pathlib.Path
    draft: bool = False


def direction(language: str) -> str:
    """The writing direction of *language*: ``rtl`` (Hebrew, Arabic, ...) or ``ltr``, from Babel's CLDR data."""
    try:
        locale = Locale.parse(language, sep="-" if "-" in language else "_")
    except (UnknownLocaleError, ValueError):
        return "ltr"  # a language CLDR does not know: the build's default
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def messages_folder(locales: pathlib.Path, language: str) -> pathlib.Path:
    return locales / language / "LC_MESSAGES"


def header_fields(header_comment: str) -> dict[str, str]:
    """The ``# Name: value`` fields of a catalogue's header comment (Babel's ``header_comment``)."""
    fields = {}
    for line in header_comment.splitlines():
        name, colon, value = line.lstrip("#").strip().partition(":")
        if colon and name.strip() in HEADER_FIELDS:
            fields[name.strip()] = value.strip()
    return fields


def display_path(path: pathlib.Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def read_catalogue(path: pathlib.Path) -> Catalogue:
    """Read one catalogue with Babel's reader; raise TranslationError naming the file and line if it cannot."""
    try:
        with path.open("rb") as file:
            catalogue = pofile.read_po(file, abort_invalid=True)
    except pofile.PoFileError as error:
        # Babel counts lines from 0, and its message names no file.
        problem = str(error).removesuffix(f" on {error.lineno}")
        raise TranslationError(f"{display_path(path)}:{error.lineno + 1}: cannot be read as a catalogue: "
                               f"{problem}: {error.line.strip()!r}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise TranslationError(f"{display_path(path)}: cannot be read: {error}") from None
    fields = header_fields(catalogue.header_comment)
    date_text = fields.get(REVIEW_DATE, "")
    try:
        review_date = datetime.date.fromisoformat(date_text) if date_text else None
    except ValueError:
        raise TranslationError(f"{display_path(path)}: '# {REVIEW_DATE}: {date_text}' is not a date; "
                               f"write it as YYYY-MM-DD") from None
    translated, fuzzy, untranslated, lines = {}, set(), set(), {}
    for message in catalogue:
        if not message.id:
            continue  # the header
        # The handbook's messages have no plural forms; a plural one counts by its first form.
        english = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        lines[english] = message.lineno
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if not all(strings):
            untranslated.add(english)
            continue
        translated[english] = strings[0]
        if message.fuzzy:
            fuzzy.add(english)
    return Catalogue(path, path.stem, fields.get(TRANSLATOR, ""), fields.get(REVIEWER, ""), review_date,
                     translated, frozenset(fuzzy), frozenset(untranslated), lines)


def read_language(locales: pathlib.Path, language: str) -> tuple[Catalogue, ...]:
    """Every catalogue of *language*, in chapter order by name; TranslationError if there is none."""
    folder = messages_folder(locales, language)
    paths = sorted(folder.glob("*.po"))
    if not paths:
        raise TranslationError(f"{display_path(folder)}: no catalogues (*.po) for language {language!r}; "
                               f"create them with `make gettext` and `make update-po LOCALE={language}`")
    return tuple(read_catalogue(path) for path in paths)


def languages(locales: pathlib.Path) -> tuple[str, ...]:
    """The languages that have catalogues in *locales*, by name."""
    if not locales.is_dir():
        return ()
    return tuple(sorted(folder.name for folder in locales.iterdir() if any(messages_folder(locales, folder.name).glob("*.po"))))


def reviewed_languages(locales: pathlib.Path) -> tuple[str, ...]:
    """The languages whose every catalogue names its clinical reviewer and review date: `make all` builds these."""
    return tuple(language for language in languages(locales)
                 if all(catalogue.reviewed for catalogue in read_language(locales, language)))


def check_buildable(translation: Translation) -> tuple[Catalogue, ...]:
    """The catalogues of *translation*; TranslationError naming the first unreviewed one unless it is a draft."""
    catalogues = read_language(translation.locales, translation.language)
    unreviewed = [catalogue for catalogue in catalogues if not catalogue.reviewed]
    if unreviewed and not translation.draft:
        first = unreviewed[0]
        others = f" (and {len(unreviewed) - 1} more catalogues)" if len(unreviewed) > 1 else ""
        raise TranslationError(
            f"{display_path(first.path)}{others}: no clinical review is recorded, so the {translation.language!r} "
            f"translation cannot be published. Once a clinician has reviewed it, write '# {REVIEWER}: NAME' and "
            f"'# {REVIEW_DATE}: YYYY-MM-DD' in the header comment at the top of the file; to look at it before "
            f"then, build a draft, marked as one on every page: DRAFT=1")
    return catalogues


def update(language: str, locales: pathlib.Path, templates: pathlib.Path) -> None:
    """Create or update *language*'s catalogues from the templates, then give each the empty header fields to fill."""
    # Imported here: only this command needs sphinx-intl.
    from sphinx_intl import basic

    if not any(templates.glob("*.pot")):
        raise TranslationError(f"{display_path(templates)}: no templates (*.pot); run `make gettext` first")
    basic.update(str(locales), str(templates), (language,))
    for path in sorted(messages_folder(locales, language).glob("*.po")):
        with path.open("rb") as file:
            catalogue = pofile.read_po(file)
        missing = [name for name in HEADER_FIELDS if name not in header_fields(catalogue.header_comment)]
        if missing:
            catalogue.header_comment = "\n".join([catalogue.header_comment, *(f"# {name}: " for name in missing)])
            with path.open("wb") as file:
                pofile.write_po(file, catalogue, width=76)


def status_lines(locales: pathlib.Path) -> tuple[list[dict], list[str]]:
    """The status of every catalogue as records, and the problems (one line each) of those that cannot be read."""
    records, problems = [], []
    for language in languages(locales):
        for path in sorted(messages_folder(locales, language).glob("*.po")):
            try:
                catalogue = read_catalogue(path)
            except TranslationError as error:
                problems.append(str(error))
                continue
            records.append({"language": language, "chapter": catalogue.chapter, "path": display_path(path),
                            "translated": catalogue.translated, "fuzzy": catalogue.fuzzy,
                            "untranslated": catalogue.untranslated, "translator": catalogue.translator,
                            "reviewer": catalogue.reviewer,
                            "review_date": catalogue.review_date.isoformat() if catalogue.review_date else ""})
    return records, problems


def percent(part: int, total: int) -> str:
    return f"{100 * part / total:.0f}%" if total else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.translations", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    update_parser = commands.add_parser("update", help="create or update a language's catalogues from the templates")
    update_parser.add_argument("language", help="the language code, e.g. fr or pt-BR")
    update_parser.add_argument("--templates", type=pathlib.Path, default=ROOT / "_build" / "gettext",
                               help="the .pot templates (default: _build/gettext, where `make gettext` writes them)")
    status_parser = commands.add_parser("status", help="the share translated, fuzzy and untranslated per language and chapter")
    status_parser.add_argument("--format", choices=("text", "json"), default="text")
    for command in (update_parser, status_parser):
        command.add_argument("--locales", type=pathlib.Path, default=LOCALES, help="default: locales")
    args = parser.parse_args(argv)

    if args.command == "update":
        try:
            update(args.language, args.locales.resolve(), args.templates.resolve())
        except TranslationError as error:
            print(error, file=sys.stderr)
            return checkkit.EXIT_FINDINGS
        return checkkit.EXIT_CLEAN

    records, problems = status_lines(args.locales.resolve())
    if args.format == "json":
        print(json.dumps({"catalogues": records, "problems": problems}, indent=2))
    elif not records and not problems:
        print(f"translations: none ({display_path(args.locales.resolve())} holds no catalogue)")
    else:
        for record in records:
            total = record["translated"] + record["fuzzy"] + record["untranslated"]
            review = (f"reviewed by {record['reviewer']} on {record['review_date']}"
                      if record["reviewer"] and record["review_date"] else "NOT REVIEWED (draft builds only)")
            holds = f" ({SHARED_CATALOGUES[record['chapter']]})" if record["chapter"] in SHARED_CATALOGUES else ""
            print(f"{record['path']}: {record['language']} {record['chapter']}{holds}: "
                  f"{percent(record['translated'], total)} translated, {percent(record['fuzzy'], total)} fuzzy, "
                  f"{percent(record['untranslated'], total)} untranslated of {total} messages; {review}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return checkkit.EXIT_FINDINGS if problems else checkkit.EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
