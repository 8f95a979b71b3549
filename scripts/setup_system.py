"""Install the Debian packages named in system-packages.txt that are missing on this machine.

Run by ``make setup`` and, for its own share of the list (``--for html``, ``epub``, ``pdf``, ``latexpdf``,
``check``), by every build target, so ``make html`` installs neither TeX Live nor Java nor Chromium.
It never reinstalls: a package already installed costs one ``dpkg-query`` call. Missing packages are installed with ``apt-get``
as root, or through ``sudo`` when it needs no password; otherwise the script stops and prints the
exact command to run. Standard library only: it runs before the virtual environment exists.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shlex
import shutil
import subprocess
import sys

PACKAGE_LIST = pathlib.Path(__file__).resolve().parent.parent / "system-packages.txt"


# Every group named in system-packages.txt; "base" goes with every target.
GROUPS = ("base", "html", "epub", "pdf", "latexpdf", "test")
# The groups each `--for` value installs: a make target's share of the list.
TARGET_GROUPS = {
    "check": ("base",),
    "html": ("base", "html"),
    "epub": ("base", "epub"),
    "pdf": ("base", "pdf"),
    "latexpdf": ("base", "latexpdf"),
    "all": GROUPS,
}


class PackageListError(ValueError):
    """A line of system-packages.txt that names no group or an unknown one."""


def read_package_list(path: pathlib.Path = PACKAGE_LIST, target: str = "all") -> list[str]:
    """The package names in *path* that *target* needs: each line is a name and its groups; ``#`` starts a comment."""
    wanted = set(TARGET_GROUPS[target])
    names = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        name, *groups = line.split("#", 1)[0].split() or [None]
        if name is None:
            continue
        unknown = set(groups) - set(GROUPS)
        if not groups or unknown:
            raise PackageListError(f"{path}:{number}: {name!r} needs one or more groups of {', '.join(GROUPS)}"
                                   + (f" (unknown: {', '.join(sorted(unknown))})" if unknown else ""))
        if wanted & set(groups):
            names.append(name)
    return names


def missing_packages(names: list[str]) -> list[str]:
    """Those of *names* that dpkg does not report as installed."""
    if not shutil.which("dpkg-query"):
        return names
    missing = []
    for name in names:
        result = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Status}", name],
                                capture_output=True, text=True, check=False)
        if result.stdout.strip() != "installed":
            missing.append(name)
    return missing


def apt_commands(names: list[str], quiet: bool = True) -> list[list[str]]:
    """The apt-get commands that install *names*."""
    quiet_flag = ["-qq"] if quiet else []
    return [["apt-get", "update", *quiet_flag],
            ["apt-get", "install", "-y", *quiet_flag, "--no-install-recommends", *names]]


def install_command(names: list[str]) -> list[list[str]] | None:
    """The commands that install *names* here, or None when we have no right to run them."""
    commands = apt_commands(names)
    if os.geteuid() == 0:
        return commands
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return [["sudo", "-n", *command] for command in commands]
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--for", dest="target", choices=TARGET_GROUPS, default="all",
                        help="install only what this make target needs (default: all)")
    parser.add_argument("--check", action="store_true", help="only list what is missing; exit 1 if anything is")
    args = parser.parse_args(argv)

    try:
        missing = missing_packages(read_package_list(target=args.target))
    except PackageListError as error:
        print(f"setup: {error}", file=sys.stderr)
        return 2
    if not missing:
        return 0
    print(f"setup: {len(missing)} system package(s) missing: {' '.join(missing)}", flush=True)
    if args.check:
        return 1
    if not shutil.which("apt-get"):
        print("setup: this machine has no apt-get. Install the packages listed in system-packages.txt "
              "with your system's package manager (they are Debian package names), then run make again.",
              file=sys.stderr)
        return 1
    commands = install_command(missing)
    if commands is None:
        typed = " && ".join("sudo " + shlex.join(command) for command in apt_commands(missing, quiet=False))
        print("setup: installing them needs root, and sudo asks for a password here. Run this, then make again:\n"
              f"    {typed}", file=sys.stderr)
        return 1
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in commands:
        print("setup: $ " + shlex.join(command), flush=True)
        if subprocess.run(command, env=environment).returncode != 0:
            print(f"setup: `{shlex.join(command)}` failed; see apt's message above.", file=sys.stderr)
            return 1
    still_missing = missing_packages(missing)
    if still_missing:
        print(f"setup: still missing after apt-get: {' '.join(still_missing)}", file=sys.stderr)
        return 1
    print("setup: system packages installed.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
