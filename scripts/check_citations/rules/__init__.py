"""The rules, one module per style plus the shared ones, all in one checkkit registry."""

from __future__ import annotations

from scripts.check_citations.rules import apa, chicago, common, harvard, mla  # noqa: F401  (they register)
from scripts.check_citations.rules.base import (CHICAGO_SYSTEMS, DEFAULT_EDITIONS, EDITIONS, STYLES, Problem, Profile,
                                                registry)

__all__ = ["CHICAGO_SYSTEMS", "DEFAULT_EDITIONS", "EDITIONS", "STYLES", "Problem", "Profile", "registry",
           "rules_for"]


def rules_for(style: str, checks=None) -> list:
    """The registered checks (all, or those in *checks*) that apply to *style*."""
    return [check for check in (registry if checks is None else checks) if style in check.function.styles]
