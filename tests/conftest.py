"""Test configuration shared by every test module."""

import pathlib

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = pathlib.Path(__file__).resolve().parent.parent
