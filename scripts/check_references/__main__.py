"""Check the handbook's references: citation keys, bibliography entries, identifiers, links and images.

    python -m scripts.check_references [--online] [--format {text,json}] [--bib FILE] [DOCS_DIR]

Offline by default (fast and deterministic): every cited key exists and every entry is cited (or
listed, ``key  # reason``, in DOCS_DIR/uncited-references.txt); no work is in the .bib twice; entries
have their required fields, well-formed identifiers, dates and page ranges; cross-references, links,
images and figures resolve; chapters hold no HTML that runs code. --online also resolves every DOI
at doi.org, compares the registered title, year and first author with the entry, and asks every web
address whether it answers; answers are cached (--cache) so a second run is fast.

Output: one line per finding, ``path:line: message (check-id)`` on stderr (``--format json``: a
list on stdout); exit status 0 clean, 1 findings, 2 usage or unreadable input. ``--list-checks``
lists the check ids for ``--enable`` and ``--disable``.
"""

from __future__ import annotations

import argparse
import gc
import pathlib
import sys
from collections.abc import Sequence

from scripts import checkkit
from scripts.check_references import online
from scripts.check_references.checks import registry
from scripts.check_references.project import Project, load_project
from scripts.layout import ROOT

DEFAULT_CACHE = ROOT / "_build" / "check_references" / "online-cache.json"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scripts.check_references", description=__doc__.splitlines()[0])
    parser.add_argument("docs_dir", nargs="?", default="docs", metavar="DOCS_DIR",
                        help="the folder of MyST chapters (default: docs)")
    parser.add_argument("--bib", metavar="FILE", help="the bibliography (default: DOCS_DIR/references.bib)")
    checkkit.add_common_arguments(parser)
    network = parser.add_argument_group("online checks")
    network.add_argument("--online", action="store_true",
                         help="also run the online checks: " + ", ".join(network_check_ids()))
    network.add_argument("--doi-resolver", default=online.Settings.doi_resolver, metavar="URL",
                         help="base URL of the DOI resolver (default: %(default)s)")
    network.add_argument("--timeout", type=positive_float, default=online.Settings.timeout, metavar="SECONDS",
                         help="seconds to wait for one answer (default: %(default)s)")
    network.add_argument("--retries", type=int, default=online.Settings.retries, metavar="N",
                         help="retries after a timeout, 429 or 5xx, with exponential backoff (default: %(default)s)")
    network.add_argument("--backoff", type=positive_float, default=online.Settings.backoff, metavar="SECONDS",
                         help="seconds before the first retry, doubled for each further one (default: %(default)s)")
    network.add_argument("--rate-limit", type=positive_float, default=online.Settings.per_host_interval,
                         metavar="SECONDS", help="seconds between two requests to one host (default: %(default)s)")
    network.add_argument("--cache", default=str(DEFAULT_CACHE), metavar="FILE",
                         help="JSON cache of answers (default: _build/check_references/online-cache.json)")
    network.add_argument("--cache-days", type=positive_float, default=7.0, metavar="DAYS",
                         help="how long a cached answer is trusted (default: %(default)s)")
    network.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    return parser


def positive_float(value: str) -> float:
    number = float(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return number


def network_check_ids() -> list[str]:
    """The checks that are off by default are the ones that use the network."""
    return [check.id for check in registry if not check.enabled_by_default]


def run_checks(project: Project, checks: Sequence[checkkit.Check]) -> list[checkkit.Finding]:
    """Every finding of *checks* on *project*."""
    findings = []
    for check in checks:
        for path, line, message, *severity in check.function(project):
            findings.append(checkkit.Finding(str(path), line, check.id, message, *severity))
    return findings


def client_settings(args: argparse.Namespace) -> online.Settings:
    return online.Settings(doi_resolver=args.doi_resolver, timeout=args.timeout, retries=args.retries,
                           backoff=args.backoff, per_host_interval=args.rate_limit,
                           cache_path=None if args.no_cache else pathlib.Path(args.cache),
                           cache_max_age=args.cache_days * 24 * 3600)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_checks:
        return checkkit.list_checks(registry)
    enable = args.enable + (network_check_ids() if args.online else [])
    checks = checkkit.select_or_exit(parser, registry, enable, args.disable)
    client = online.Client(client_settings(args)) if any(not c.enabled_by_default for c in checks) else None
    docs_dir = pathlib.Path(args.docs_dir)
    bib_path = pathlib.Path(args.bib) if args.bib else docs_dir / "references.bib"
    # The records are many, small and acyclic: the cyclic garbage collector would walk them again and
    # again while they are built, for nothing (a quarter of the time on a 10,000-entry bibliography).
    gc.disable()
    try:
        project = load_project(docs_dir, bib_path, online=client)
        findings = run_checks(project, checks)
    except checkkit.InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return checkkit.EXIT_USAGE
    finally:
        gc.enable()
    if client is not None:
        client.save()
    return checkkit.report(findings, args.format)


if __name__ == "__main__":
    sys.exit(main())
