"""Keep the HTML theme's compiled templates between builds, so a rebuild after an edit does not compile them again.

Sphinx compiles every Jinja template of the theme (sphinx-book-theme on pydata-sphinx-theme: some
thirty files) on each run, which is a good part of an edit-rebuild loop's time. Jinja can keep the
compiled code in files, checked against each template's source; this template bridge is Sphinx's
own loader with that cache switched on, in the doctrees folder (a clean build starts without it).
Jinja writes each file aside and renames it into place, so parallel writers may share the folder.
"""

from __future__ import annotations

import hashlib
import pathlib

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.jinja2glue import BuiltinTemplateLoader

BRIDGE = f"{__name__}.CachingTemplateLoader"


class CachingTemplateLoader(BuiltinTemplateLoader):
    """Sphinx's template loader, its compiled templates cached in ``DOCTREES/jinja-<extensions>``."""

    def init(self, builder, theme=None, dirs=None) -> None:
        super().init(builder, theme, dirs)
        # Code compiled with the i18n extension (a translated build) differs from code compiled
        # without it: each set of Jinja extensions has a folder of its own.
        extensions = hashlib.sha256(" ".join(sorted(self.environment.extensions)).encode()).hexdigest()[:12]
        folder = pathlib.Path(builder.doctreedir) / f"jinja-{extensions}"
        folder.mkdir(parents=True, exist_ok=True)
        self.environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def use_caching_loader(app: Sphinx, config: Config) -> None:
    # A project that names its own template bridge keeps it.
    if not config.template_bridge:
        config.template_bridge = BRIDGE


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", use_caching_loader)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
