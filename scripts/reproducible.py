"""What makes two builds of one commit byte-identical: one date for the build, and zip archives
that carry neither the clock, nor the file system's order, nor the umask.

Used by the build driver (which passes the date on to Sphinx and TeX), by the EPUB builder and by
``make dist``.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import subprocess
import time
import zipfile
from collections.abc import Iterable

from scripts.layout import ROOT

# The earliest time a zip entry can record (the MS-DOS epoch, 1980-01-01 00:00:00 UTC).
ZIP_EPOCH = 315532800
# Every member is an ordinary file, rw-r--r--, whatever the umask of the machine that built it.
MEMBER_MODE = 0o100644 << 16


def source_date_epoch() -> int:
    """``$SOURCE_DATE_EPOCH`` if set, else the last commit's time (0 outside a git checkout).

    Every date inside an output comes from here, so it does not depend on when it was built.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        value = os.environ["SOURCE_DATE_EPOCH"].strip()
        if not value.isdigit():
            raise ValueError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970; "
                             "unset it to use the last commit's time")
        return int(value)
    result = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
                            capture_output=True, text=True, check=False)
    return int(result.stdout.strip() or 0)


@dataclasses.dataclass(frozen=True)
class ZipMember:
    """One file to put in a zip archive."""

    name: str
    """Its path inside the archive, with forward slashes."""
    source: pathlib.Path
    """The file on disk whose bytes it holds."""
    compression: int = zipfile.ZIP_DEFLATED
    """``zipfile.ZIP_DEFLATED``, or ``ZIP_STORED`` (an EPUB's ``mimetype`` must be stored)."""


def write_zip(target: pathlib.Path, members: Iterable[ZipMember], epoch: int) -> None:
    """Write *members* to *target* in the order given, each stamped with *epoch* and mode 0644."""
    date_time = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(target, "w") as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time)
            info.compress_type = member.compression
            info.external_attr = MEMBER_MODE
            info.create_system = 3  # Unix, so unzip applies the mode above on every platform
            archive.writestr(info, member.source.read_bytes())
