"""Long work says how far it is, in Sphinx's own status output: replaying
git history (in the build's process or in a second one) and
``coprodoc record verify``; and says nothing under ``-q``."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from coprodoc.history import background
from coprodoc.history.progress import Steps, relay
from coprodoc.record.files import JSON_NAME
from tests.conftest import warnings_of
from tests.test_cli import run as cli
from tests.test_record_audit import council_site

#: What the replay of the site's three commits prints, in a log.
REPLAY_LINES = [
    "reading git history... [  0%] 0 of 3 commits",
    "reading git history... [ 33%] 1 of 3 commits",
    "reading git history... [ 67%] 2 of 3 commits",
    "reading git history... [100%] 3 of 3 commits",
]


def replay_lines(text: str) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return [line for line in text.splitlines() if line.startswith("reading git")]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return council_site(tmp_path / "site").path


@pytest.mark.parametrize("second_process", [False, True])
def test_the_history_replay_reports_its_progress(
    second_process, site, make_app, monkeypatch
):
    if second_process and not background.available():
        pytest.skip("one processor core: the replay never runs in a second process")
    monkeypatch.setenv("COPRODOC_HISTORY_PROCESS", "1" if second_process else "0")
    app = make_app("html", srcdir=site)
    app.build()
    app.cleanup()
    assert warnings_of(app) == ""
    assert replay_lines(app.status.getvalue()) == REPLAY_LINES
    # the next build finds the history cached: nothing to replay, nothing said
    again = make_app("html", srcdir=site)
    again.build()
    again.cleanup()
    assert replay_lines(again.status.getvalue()) == []


def test_sphinx_build_reports_progress_and_is_quiet_with_q(site, tmp_path, capsys):
    loud = ["-b", "html", str(site), str(tmp_path / "one")]
    assert build_main(loud) == 0
    assert replay_lines(capsys.readouterr().out) == REPLAY_LINES
    quiet = ["-q", "-b", "html", str(site), str(tmp_path / "two")]
    assert build_main(quiet) == 0
    out = capsys.readouterr().out
    assert replay_lines(out) == [] and out == ""


def test_record_verify_reports_progress_on_standard_error(site, build):
    app = build(site, "coprodoc-record")
    record = str(Path(app.outdir) / JSON_NAME)
    done = cli("record", "verify", record, cwd=site)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("The record matches the sources at commit")
    assert "checking out commit" in done.stderr
    assert "reading sources... [100%]" in done.stderr
    assert replay_lines(done.stderr) == REPLAY_LINES
    assert "\x1b[" not in done.stderr  # not a terminal: no colours
    quiet = cli("record", "verify", "-q", record, cwd=site)
    assert quiet.returncode == 0
    assert quiet.stderr == "" and quiet.stdout == done.stdout


def test_a_long_replay_reports_ten_steps_not_every_commit():
    seen: list[tuple[int, int]] = []
    steps = Steps(lambda done, total: seen.append((done, total)))
    for done in range(11_601):
        steps(done, 11_600)
    assert len(seen) == 11
    assert seen[0] == (0, 11_600) and seen[-1] == (11_600, 11_600)


def test_progress_from_the_second_process_is_relayed_line_by_line():
    seen: list[tuple[int, int]] = []
    lines = io.BytesIO(b"0 40\n4 40\nnot progress\n40 40\n")
    relay(lines, lambda done, total: seen.append((done, total)))
    assert seen == [(0, 40), (4, 40), (40, 40)]


def test_in_a_terminal_the_progress_is_one_line_updated_in_place(
    site, tmp_path, capsys, monkeypatch
):
    # what sphinx-build does for its own progress when it writes to a colour
    # terminal (FORCE_COLOR stands in for one; CI=true does the same)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert build_main(["-b", "html", str(site), str(tmp_path / "out")]) == 0
    out = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)  # colours
    line = next(line for line in out.split("\n") if "reading git" in line)
    # each step clears the line and returns to its start
    cleared = ["\x1b[2K" + step for step in REPLAY_LINES]
    assert line.split("\r") == [*cleared, ""]
