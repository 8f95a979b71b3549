"""Differential and mutation testing: the checker against what the build's CSL renderer prints.

:func:`evaluate` renders generated items (:mod:`scripts.check_citations.generate`) in one style, in
batches of :data:`scripts.csl.BATCH` items, and checks every entry: any finding on a rendered entry is a false
alarm (CSL's output, after the fixes listed in RULES.md §8, is what the manuals ask for). Each entry
the checker passes then gets every mutation of :mod:`scripts.check_citations.mutate` that applies to
it, one at a time, and the mutation counts as found when one of its expected rules reports it.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Mapping, Sequence

from scripts import csl
from scripts.check_citations import generate, mutate
from scripts.check_citations.check import check_entry
from scripts.check_citations.correct import to_markup
from scripts.check_citations.document import Line
from scripts.check_citations.handbook import PROFILES
from scripts.check_citations.rules import rules_for


@dataclasses.dataclass(frozen=True)
class Miss:
    """A false alarm or a mutation the checker did not find, for the report."""

    kind: str
    """The generated item's kind, and for a mutation its id: ``journal/doi-prefix``."""
    entry: str
    found: tuple[str, ...]
    """The rules that reported something (with ``~`` for a warning)."""


@dataclasses.dataclass(frozen=True)
class StyleResult:
    """What one style's run gave."""

    style: str
    entries: int
    clean: int
    """Rendered entries with no finding at all, not even a warning."""
    false_alarms: Mapping[str, int]
    """``kind: rule`` → how many rendered entries of that kind the rule reported."""
    mutations: Mapping[str, tuple[int, int]]
    """Mutation id → (entries it was applied to, how many of them its expected rules reported)."""
    misses: Sequence[Miss]

    def detection(self, mutation_id: str) -> float | None:
        applied, found = self.mutations.get(mutation_id, (0, 0))
        return found / applied if applied else None


def findings(entry: str, style: str, rules) -> list:
    return list(check_entry("generated", Line(1, entry, 0), PROFILES[style], rules).findings)


def evaluate(items: Sequence[Mapping], style: str, keep_misses: int = 5) -> StyleResult:
    """Render *items* in *style* (:func:`scripts.csl.render_in_batches`), check each entry, then each mutation."""
    rendered = csl.render_in_batches(items, style)
    by_id = {item["id"]: item for item in items}
    rules = rules_for(style)
    false_alarms: collections.Counter[str] = collections.Counter()
    applied: collections.Counter[str] = collections.Counter()
    found: collections.Counter[str] = collections.Counter()
    misses: list[Miss] = []
    missed_per_kind: collections.Counter[str] = collections.Counter()
    clean = 0
    for key, result in rendered.items():
        entry, item, kind = to_markup(result.bibliography, "*"), by_id[key], generate.kind_of(key)
        reported = findings(entry, style, rules)
        if reported:
            for rule in {finding.check for finding in reported}:
                false_alarms[f"{kind}: {rule}"] += 1
            if missed_per_kind[kind] < keep_misses:
                missed_per_kind[kind] += 1
                misses.append(Miss(kind, entry, tuple(sorted(label(f) for f in reported))))
            continue
        clean += 1
        for mutation in mutate.CATALOGUE:
            if style not in mutation.expected or (mutated := mutation.function(entry, item, style)) is None:
                continue
            applied[mutation.id] += 1
            reported = findings(mutated, style, rules)
            if any(finding.check in mutation.expected[style] for finding in reported):
                found[mutation.id] += 1
            elif missed_per_kind[mutation.id] < keep_misses:
                missed_per_kind[mutation.id] += 1
                misses.append(Miss(f"{kind}/{mutation.id}", mutated, tuple(sorted(label(f) for f in reported))))
    return StyleResult(style, len(rendered), clean, dict(false_alarms),
                       {mutation_id: (applied[mutation_id], found[mutation_id]) for mutation_id in applied}, misses)


def label(finding) -> str:
    return finding.check if finding.severity == "error" else f"~{finding.check}"
