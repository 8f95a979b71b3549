"""Write the ``#:`` locations of ``make gettext``'s templates relative to the repository, the way a
translator reads them: ``docs/procedure.md:12``, ``_templates/language-switch.html:3``,
``pydata_sphinx_theme/theme/pydata_sphinx_theme/layout.html:57``.

Sphinx writes each location relative to its output folder (``_build/.work/gettext/out``), which gives
``../../../../docs/procedure.md`` in the repository and a path through ``/tmp`` in the tests' builds:
the templates then change with the folder they were built in, and every change shows in the
catalogues that ``make update-po`` makes from them. The builder below names each file from the
folder that holds it instead: the chapters from their source folder (``docs/``), the project's own
files from the repository, the themes' and Sphinx's from the installed packages' folder.
"""

from __future__ import annotations

import pathlib
import site
import sysconfig

from sphinx.application import Sphinx
from sphinx.builders.gettext import MessageCatalogBuilder


def package_folders() -> list[pathlib.Path]:
    """The folders Python installs packages into (site-packages of the virtual environment and the system)."""
    folders = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()]
    return [pathlib.Path(folder) for folder in dict.fromkeys(folders)]


def display_location(path: str, srcdir: pathlib.Path, confdir: pathlib.Path) -> str:
    """*path* (absolute) as the translators see it: ``docs/...`` for a chapter, repository-relative for the
    project's files, package-relative for an installed package's; unchanged when none holds it."""
    if not path:
        return path
    file = pathlib.Path(path)
    # The chapters first (the tests build copies of docs/ outside the repository), and the packages before
    # the repository, which holds the virtual environment (.venv) they may be installed in.
    for folder, shown in ((srcdir, pathlib.Path(srcdir.name)),
                          *((package, pathlib.Path()) for package in package_folders()), (confdir, pathlib.Path())):
        if file.is_relative_to(folder):
            return (shown / file.relative_to(folder)).as_posix()
    return path


class HandbookMessageCatalogBuilder(MessageCatalogBuilder):
    """Sphinx's gettext builder, writing each message's locations relative to the folder that holds the file."""

    def finish(self) -> None:
        srcdir, confdir, outdir = pathlib.Path(self.srcdir), pathlib.Path(self.confdir), pathlib.Path(self.outdir)
        for catalog in self.catalogs.values():
            for locations in catalog.metadata.values():
                # Sphinx's template (message.pot.jinja) writes each location relative to the output folder,
                # so each is handed over as a path inside it.
                locations[:] = [(str(outdir / shown) if (shown := display_location(source, srcdir, confdir)) != source
                                 else source, line, uid) for source, line, uid in locations]
        super().finish()


def setup(app: Sphinx) -> dict:
    app.add_builder(HandbookMessageCatalogBuilder, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
