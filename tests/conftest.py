"""Test configuration shared by every test module.

The real handbook is built once per test session, in every format, into a temporary folder by the
same driver that `make all` uses (scripts/build.py); the product tests share that build.
"""

from __future__ import annotations

import pathlib

import pytest

from playwright.sync_api import sync_playwright

from scripts import build
from scripts.layout import BuildLayout
from tests.browser import launch
from tests.helpers import Chapter, handbook_chapters

pytest_plugins = ["sphinx.testing.fixtures"]


@pytest.fixture(scope="session")
def chapters() -> list[Chapter]:
    return handbook_chapters()


@pytest.fixture(scope="session")
def handbook(tmp_path_factory) -> BuildLayout:
    """The real handbook, built in all three formats (PDF and EPUB first, as `make all` does)."""
    layout = BuildLayout(tmp_path_factory.mktemp("handbook-build"))
    for fmt in build.ALL_ORDER:
        try:
            build.build(fmt, layout, extra=["-q"])
        except build.BuildError as error:
            pytest.fail(f"building the handbook as {fmt} failed: {error}")
    return layout


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session: Playwright's sync API refuses a second one while the first runs."""
    with sync_playwright() as playwright:
        running = launch(playwright)
        yield running
        running.close()


@pytest.fixture(scope="session")
def rootdir() -> pathlib.Path:
    """Where sphinx.testing finds the tiny test roots (tests/roots/test-<name>)."""
    return pathlib.Path(__file__).parent / "roots"
