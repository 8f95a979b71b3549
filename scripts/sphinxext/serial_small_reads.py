"""A rebuild that reads only a few chapters reads them in the main process, not in a worker.

With ``-j``, Sphinx reads outdated documents in worker processes, and each worker sends the whole
build environment back to the main process, pickled, to be merged. For the edit-rebuild loop (one
chapter changed) that round trip costs more than the reading it spreads, and more as the book grows
(the environment holds every chapter): at 100 chapters, a rebuild after touching one took 1.61 s with
the worker and 1.48 s without. Sphinx itself read fewer than six documents serially from 2014 until
sphinx-doc/sphinx#12796 (2024) dropped the limit; this puts that limit back for reading only. Writing
keeps every core: the number of jobs is restored once the environment is updated, before Sphinx
decides how to write.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

# Sphinx's own limit before #12796: fewer documents than this are read in the main process.
FEWEST_FOR_PARALLEL_READ = 6


class ReadJobs:
    """Lowers the application's number of jobs to one for a small read, and restores it after."""

    def __init__(self) -> None:
        self.jobs: int | None = None

    def before_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        if app.parallel > 1 and len(docnames) < FEWEST_FOR_PARALLEL_READ:
            self.jobs, app.parallel = app.parallel, 1

    def after_reading(self, app: Sphinx, env: BuildEnvironment) -> None:
        if self.jobs is not None:
            app.parallel, self.jobs = self.jobs, None


def setup(app: Sphinx) -> dict:
    jobs = ReadJobs()
    app.connect("env-before-read-docs", jobs.before_reading)
    app.connect("env-updated", jobs.after_reading)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
