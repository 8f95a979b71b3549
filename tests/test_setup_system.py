"""The setup step installs missing Debian packages, or says exactly what to run."""

from __future__ import annotations

import pytest

from scripts import setup_system


def test_package_list_names_each_package_once():
    names = setup_system.read_package_list()
    assert names and len(names) == len(set(names))
    assert {"texlive-xetex", "latexmk", "default-jre-headless", "chromium"} <= set(names)


def test_each_target_installs_only_its_share():
    html = set(setup_system.read_package_list(target="html"))
    assert "graphviz" in html
    assert not {name for name in html if name.startswith("texlive") or name in ("chromium", "default-jre-headless")}
    assert setup_system.read_package_list(target="check") == ["python3-venv"]
    assert "texlive-xetex" in setup_system.read_package_list(target="latexpdf")
    assert "chromium" not in setup_system.read_package_list(target="epub")
    everything = setup_system.read_package_list(target="all")
    assert set(everything) >= {name for target in setup_system.TARGET_GROUPS
                               for name in setup_system.read_package_list(target=target)}


@pytest.mark.parametrize("line", ["graphviz  # no group", "graphviz  htm  # a misspelt group"])
def test_a_line_without_a_known_group_names_the_file_and_line(tmp_path, line):
    path = tmp_path / "system-packages.txt"
    path.write_text("# comment\n" + line + "\n", encoding="utf-8")
    with pytest.raises(setup_system.PackageListError, match=rf"^{path}:2: 'graphviz' needs one or more groups"):
        setup_system.read_package_list(path)


def test_the_targets_share_is_what_make_asks_for(monkeypatch):
    asked = []
    monkeypatch.setattr(setup_system, "missing_packages", lambda names: asked.append(names) or [])
    assert setup_system.main(["--for", "html"]) == 0
    assert asked == [setup_system.read_package_list(target="html")]


def test_nothing_to_do_when_every_package_is_installed(monkeypatch, capsys):
    monkeypatch.setattr(setup_system, "missing_packages", lambda names: [])
    assert setup_system.main([]) == 0
    assert capsys.readouterr().out == ""


def test_without_root_or_sudo_it_prints_the_exact_command(monkeypatch, capsys):
    monkeypatch.setattr(setup_system, "missing_packages", lambda names: ["latexmk", "graphviz"])
    monkeypatch.setattr(setup_system, "install_command", lambda names: None)
    assert setup_system.main([]) == 1
    err = capsys.readouterr().err
    assert ("sudo apt-get update && sudo apt-get install -y --no-install-recommends latexmk graphviz") in err


def test_as_root_it_runs_apt_get(monkeypatch):
    ran = []
    monkeypatch.setattr(setup_system, "missing_packages", lambda names: [] if ran else ["latexmk"])
    monkeypatch.setattr(setup_system.os, "geteuid", lambda: 0)
    monkeypatch.setattr(setup_system.shutil, "which", lambda name: f"/usr/bin/{name}")

    class Done:
        returncode = 0

    def fake_run(command, **kwargs):
        ran.append(command)
        return Done()

    monkeypatch.setattr(setup_system.subprocess, "run", fake_run)
    assert setup_system.main([]) == 0
    assert ran[0][:2] == ["apt-get", "update"]
    assert ran[1][:2] == ["apt-get", "install"] and ran[1][-1] == "latexmk"


@pytest.mark.parametrize("installed", [True, False])
def test_missing_packages_asks_dpkg(monkeypatch, installed):
    class Result:
        stdout = "installed" if installed else ""

    monkeypatch.setattr(setup_system.shutil, "which", lambda name: "/usr/bin/dpkg-query")
    monkeypatch.setattr(setup_system.subprocess, "run", lambda *a, **k: Result())
    assert setup_system.missing_packages(["latexmk"]) == ([] if installed else ["latexmk"])
