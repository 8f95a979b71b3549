"""Shared machinery for the handbook's checkers: findings, a check registry and the command line.

The checkers follow sphinx-lint's conventions:

* each check is a small function registered with :meth:`Registry.check`; its public id is the
  function name with underscores turned into hyphens, and its docstring starts with a one-line
  summary followed by a Bad / Good example;
* output is one line per finding, ``path:line: message (check-id)``, on stderr, and
  ``No problems found.`` on stdout when there is nothing to report (``--format json`` prints a
  JSON document on stdout instead);
* the exit status is 0 when no finding is an error, 1 when at least one is, and 2 for a usage
  error (argparse's own convention, never a traceback).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, TextIO

Severity = Literal["error", "warning"]

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


@dataclasses.dataclass(frozen=True, order=True)
class Finding:
    """One problem found by a check."""

    path: str
    """The file the problem is in, as given on the command line (``-`` for standard input)."""
    line: int
    """1-based line number of the problem (0 when it concerns the file as a whole)."""
    check: str
    """The id of the check or rule that found it, e.g. ``unknown-key``."""
    message: str
    """What is wrong and what is expected instead."""
    severity: Severity = "error"
    """``error`` breaks a rule; ``warning`` is an accepted variant or a heuristic."""
    start: int | None = None
    """0-based character offset in the line (or entry) where the problem starts, if known."""
    end: int | None = None
    """0-based offset just past the problem, if known."""

    def as_text(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {prefix}{self.message} ({self.check})"

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Check:
    """A registered check function with its public id and documentation."""

    id: str
    function: Callable
    summary: str
    doc: str
    enabled_by_default: bool = True


class Registry:
    """An ordered collection of checks, filled by the :meth:`check` decorator."""

    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}

    def check(self, function: Callable | None = None, *, enabled: bool = True):
        """Register *function* as a check; usable as ``@registry.check`` or ``@registry.check(enabled=False)``."""

        def register(func: Callable) -> Callable:
            check_id = func.__name__.strip("_").replace("_", "-")
            if check_id in self._checks:
                raise ValueError(f"check {check_id!r} is registered twice")
            doc = (func.__doc__ or "").strip()
            if not doc:
                raise ValueError(f"check {check_id!r} needs a docstring with a summary and a Bad / Good example")
            self._checks[check_id] = Check(check_id, func, doc.splitlines()[0], doc, enabled)
            return func

        return register(function) if function is not None else register

    def __iter__(self):
        return iter(self._checks.values())

    def __contains__(self, check_id: str) -> bool:
        return check_id in self._checks

    def ids(self) -> list[str]:
        return list(self._checks)

    def select(self, enable: Iterable[str] = (), disable: Iterable[str] = ()) -> list[Check]:
        """The checks to run: the default set, plus *enable*, minus *disable* (``all`` means every check)."""
        enable, disable = set(enable), set(disable)
        unknown = (enable | disable) - set(self._checks) - {"all"}
        if unknown:
            raise UnknownCheckError(sorted(unknown), self.ids())
        chosen = []
        for check in self:
            on = check.enabled_by_default or check.id in enable or "all" in enable
            if check.id in disable or "all" in disable and check.id not in enable:
                on = False
            if on:
                chosen.append(check)
        return chosen


class UnknownCheckError(ValueError):
    def __init__(self, unknown: list[str], known: list[str]) -> None:
        super().__init__(f"unknown check id(s): {', '.join(unknown)}; known ids: {', '.join(known)}")


def comma_list(value: str) -> list[str]:
    """argparse type for ``--enable a,b`` style options."""
    return [item.strip() for item in value.split(",") if item.strip()]


def add_common_arguments(parser: argparse.ArgumentParser, noun: str = "check") -> None:
    """Add ``--format``, ``--enable``, ``--disable`` and ``--list-{noun}s`` to *parser*."""
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--enable", type=comma_list, default=[], metavar=f"{noun.upper()}S",
                        help=f"comma-separated {noun} ids to run in addition to the defaults ('all' for every one)")
    parser.add_argument("--disable", type=comma_list, default=[], metavar=f"{noun.upper()}S",
                        help=f"comma-separated {noun} ids not to run ('all' for every one)")
    parser.add_argument(f"--list-{noun}s", action="store_true", help=f"list the {noun}s with their summaries and exit")


def select_or_exit(parser: argparse.ArgumentParser, registry: Registry, enable, disable) -> list[Check]:
    """Resolve ``--enable``/``--disable``; an unknown id is a usage error (exit 2 through argparse)."""
    try:
        return registry.select(enable, disable)
    except UnknownCheckError as error:
        parser.error(str(error))


def list_checks(registry: Registry, stream: TextIO | None = None) -> int:
    """Print every check id with its summary (for ``--list-checks``) on *stream* (standard output)."""
    # Streams are looked up at call time, not bound as defaults, so redirection (and pytest's capsys) works.
    stream = stream or sys.stdout
    width = max((len(check.id) for check in registry), default=0)
    for check in registry:
        default = "" if check.enabled_by_default else "  [off by default]"
        print(f"{check.id:<{width}}  {check.summary}{default}", file=stream)
    return EXIT_CLEAN


def exit_status(findings: Iterable[Finding]) -> int:
    """1 when any finding is an error, otherwise 0 (warnings alone do not fail)."""
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_CLEAN


def report(findings: Sequence[Finding], output_format: str = "text",
           stdout: TextIO | None = None, stderr: TextIO | None = None, json_document=None) -> int:
    """Print *findings* in the chosen format and return the exit status.

    For ``json`` the document printed is *json_document* when given (a checker may wrap findings
    in richer per-entry records), otherwise the list of findings.
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    findings = sorted(findings)
    if output_format == "json":
        document = json_document if json_document is not None else [f.as_dict() for f in findings]
        json.dump(document, stdout, indent=2, ensure_ascii=False)
        stdout.write("\n")
    elif findings:
        for finding in findings:
            print(finding.as_text(), file=stderr)
    else:
        print("No problems found.", file=stdout)
    return exit_status(findings)


class InputError(Exception):
    """A file the checker cannot read (missing, binary, not UTF-8): reported, exit status 2."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def read_text(path: str, stdin: TextIO | None = None) -> str:
    """Read *path* (``-`` is standard input) as UTF-8 text, or raise :class:`InputError` saying why not."""
    stdin = stdin or sys.stdin
    try:
        if path == "-":
            data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8")
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if b"\x00" in data:
        raise InputError(path, "is a binary file, not text; give a UTF-8 text or Markdown file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"line {line}: is not valid UTF-8 (byte 0x{data[error.start]:02x}); "
                               "save the file as UTF-8") from None
