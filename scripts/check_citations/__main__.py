"""Check reference entries against APA 7, MLA 9, Chicago 17/18 or Harvard (Cite Them Right 12).

    python -m scripts.check_citations --style {apa,mla,chicago,harvard} [--edition N]
        [--chicago-system {notes-bibliography,author-date}] [--format {text,json}] PATH... | -

Checks one reference entry per line (list markers ignored; italics as ``*x*``, ``_x_``, ``<i>x</i>``
or ``<em>x</em>``). Text output is one ``path:line: message (rule-id)`` per finding on stderr and
``No problems found.`` when clean; ``--format json`` prints one record per entry on stdout, with a
corrected entry rendered by the CSL engine (``scripts/csl.py``) where the entry could be parsed.
Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scripts.check_citations import consistency, correct
from scripts.check_citations.check import FileResult, check_text
from scripts.check_citations.rules import (CHICAGO_SYSTEMS, DEFAULT_EDITIONS, EDITIONS, STYLES, Profile, registry,
                                           rules_for)
from scripts.checkkit import (EXIT_USAGE, Finding, InputError, add_common_arguments, exit_status, read_text, report,
                              select_or_exit)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scripts.check_citations", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", metavar="PATH", help="text or Markdown files, '-' for standard input")
    parser.add_argument("--style", choices=STYLES, help="the citation style the entries claim to follow")
    parser.add_argument("--edition", type=int, help="edition of the style's manual (defaults: APA 7, MLA 9, "
                                                    "Chicago 18, Harvard = Cite Them Right 12)")
    parser.add_argument("--chicago-system", choices=CHICAGO_SYSTEMS, default="notes-bibliography",
                        help="Chicago's bibliography (notes-bibliography) or reference list (author-date)")
    parser.add_argument("--consistency", choices=("auto", "always", "never"), default="auto",
                        help="compare in-text author-date citations with the reference list (auto: when a "
                             "Markdown file has body text and a References section)")
    parser.add_argument("--no-corrections", action="store_true",
                        help="leave 'corrected' empty in JSON output (skips the CSL renderer)")
    add_common_arguments(parser, noun="rule")
    return parser


def list_rules(style: str | None) -> int:
    """Print the rules (of one style, or all) with the styles they apply to."""
    chosen = rules_for(style) if style else list(registry)
    width = max(len(check.id) for check in [*chosen, *consistency.registry])
    for check in chosen:
        print(f"{check.id:<{width}}  [{','.join(check.function.styles)}]  {check.summary}")
    for check in consistency.registry:
        print(f"{check.id:<{width}}  [document]  {check.summary}")
    return 0


def finding_record(finding: Finding) -> dict:
    return {"rule": finding.check, "severity": finding.severity, "message": finding.message,
            "start": finding.start, "end": finding.end}


def json_records(results: Sequence[FileResult], profile: Profile, corrections: Sequence[str | None]) -> list[dict]:
    """One record per entry (with the document findings about it), then one per citation without an entry."""
    common = {"style": profile.style, "edition": profile.edition,
              **({"system": profile.system} if profile.style == "chicago" else {})}
    records = []
    entries = [entry for result in results for entry in result.entries]
    about_entry = {(f.path, f.line): f for result in results for f in result.document_findings
                   if f.check == "entry-not-cited"}
    for entry, corrected in zip(entries, corrections):
        findings = list(entry.findings)
        if (extra := about_entry.get((entry.path, entry.line.number))) is not None:
            findings.append(extra)
        records.append({"path": entry.path, "line": entry.line.number, "text": entry.line.text, **common,
                        "type": entry.type, "valid": exit_status(findings) == 0,
                        "findings": [finding_record(f) for f in findings], "corrected": corrected})
    for result in results:
        records += [{"path": f.path, "line": f.line, "text": None, **common, "type": "in-text citation",
                     "valid": False, "findings": [finding_record(f)], "corrected": None}
                    for f in result.document_findings if f.check == "citation-without-entry"]
    return records


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_rules:
        return list_rules(args.style)
    if args.style is None:
        parser.error("--style is required: one of " + ", ".join(STYLES))
    if not args.paths:
        parser.error("give at least one PATH, or '-' for standard input")
    edition = args.edition if args.edition is not None else DEFAULT_EDITIONS[args.style]
    if edition not in EDITIONS[args.style]:
        parser.error(f"--style {args.style} supports edition(s) {', '.join(map(str, EDITIONS[args.style]))}, "
                     f"not {edition}")
    profile = Profile(args.style, edition, args.chicago_system)
    enable, disable = ([i for i in ids if i not in consistency.registry] for ids in (args.enable, args.disable))
    checks = select_or_exit(parser, registry, enable, disable)
    document_checks = [check for check in consistency.registry if check.id not in args.disable]
    rules = rules_for(args.style, checks)

    results: list[FileResult] = []
    for path in args.paths:
        try:
            text = read_text(path, stdin=sys.stdin)
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_USAGE
        results.append(check_text(path, text, profile, rules, document_checks, args.consistency))

    findings = [finding for result in results for finding in result.findings()]
    if args.format != "json":
        return report(findings, "text", stdout=sys.stdout, stderr=sys.stderr)
    entries = [entry for result in results for entry in result.entries]
    corrections = [None] * len(entries) if args.no_corrections else correct.corrections(entries, profile)
    return report(findings, "json", stdout=sys.stdout, stderr=sys.stderr,
                  json_document=json_records(results, profile, corrections))


if __name__ == "__main__":
    sys.exit(main())
