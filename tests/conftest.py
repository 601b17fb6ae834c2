"""Shared fixtures: real Sphinx projects built in temporary folders."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import snowballstemmer
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
EXAMPLE = Path(__file__).parent.parent / "example_project"

#: Every builder a coprodoc site must build with.
ALL_BUILDERS = [
    "html",
    "dirhtml",
    "singlehtml",
    "latex",
    "text",
    "man",
    "texinfo",
    "epub",
    "gettext",
]


#: What makes Sphinx treat its output as a colour terminal even when it is
#: not one (``CI=true`` on most CI services, ``FORCE_COLOR``), or never.
COLOUR_SWITCHES = ("CI", "FORCE_COLOR", "FORCE_COLOUR", "NO_COLOR", "NO_COLOUR")


@pytest.fixture(autouse=True)
def plain_log_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the output a plain log gets, wherever it runs: CI
    services set ``CI=true``, which makes Sphinx write progress as one line
    updated in place, with terminal codes (tests/test_progress.py tests that
    form on purpose, with ``FORCE_COLOR``)."""
    for name in COLOUR_SWITCHES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def copy_root(tmp_path: Path) -> Callable[[str], Path]:
    """Copy ``tests/roots/test-NAME`` to a fresh folder and return its path.

    Each test gets its own copy, so tests can edit sources and rebuild
    (sphinx.testing's shared test folders would leak state between tests).
    """

    def copy(name: str, dest: str | None = None) -> Path:
        target = tmp_path / (dest or name)
        shutil.copytree(ROOTS / f"test-{name}", target)
        return target

    return copy


@pytest.fixture
def build(make_app: Callable[..., SphinxTestApp]) -> Callable[..., SphinxTestApp]:
    """Build *srcdir* with *buildername* and return the finished app.

    Output goes to ``srcdir/_build/<builder>``, doctrees to
    ``srcdir/_build/doctrees``; building the same folder again is an
    incremental build.
    """

    def run(srcdir: Path, buildername: str = "html", **kwargs: Any) -> SphinxTestApp:
        app = make_app(buildername, srcdir=srcdir, **kwargs)
        app.build()
        # Reset docutils' global registries now, so a second build in the same
        # test (an incremental rebuild) starts as a new sphinx-build would.
        app.cleanup()
        return app

    return run


def assert_exact_warnings(
    app: SphinxTestApp, expected: list[tuple[str, str, str]]
) -> None:
    """Each (``path:line:``, message part, subtype) is warned, and nothing else
    of coprodoc's; and no traceback was printed."""
    text = warnings_of(app)
    lines = text.splitlines()
    for location, message, subtype in expected:
        assert any(
            line.startswith(location)
            and message in line
            and line.endswith(f"[coprodoc.{subtype}]")
            for line in lines
        ), f"no coprodoc.{subtype} warning at {location} for {message!r}:\n{text}"
    assert len([line for line in lines if "[coprodoc." in line]) == len(expected), text
    assert "Traceback" not in text


def warnings_of(app: SphinxTestApp) -> str:
    """The warnings a build printed, with ANSI colours removed."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def all_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def published(app: SphinxTestApp) -> bytes:
    """Every file of a build: its output, with copied sources, and its
    doctrees and pickled environment (which some hosts publish).  The
    language rules' cache is left out: its word lists hold ordinary words
    ("tenants") that tests also use in addresses."""
    files = all_files(Path(app.outdir)) + all_files(Path(app.doctreedir))
    return b"\n".join(
        path.read_bytes() for path in files if path.name != "coprodoc-rules.pickle"
    )


def leaks(contents: bytes, hidden: list[str]) -> list[str]:
    """Hidden names found in *contents*: whole, or as the lower-cased and
    stemmed single words a search index stores ("dorothy" -> "dorothi")."""
    text = contents.decode("utf-8", "replace")
    stem = snowballstemmer.stemmer("english").stemWord
    found = []
    for name in hidden:
        # single letters ("Q" of "Zeb Q") say nothing about anyone
        words = (
            {name} if "@" in name else {name, *(w for w in name.split() if len(w) > 1)}
        )
        forms = words | {stem(word.lower()) for word in words if " " not in word}
        found += [
            form
            for form in sorted(forms)
            if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text, re.IGNORECASE)
        ]
    return found


@pytest.fixture(scope="session")
def replayed_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with its scripted history replayed into a real git
    repository, as ``make demo`` does: made once for the whole test run.
    Tests must not change it; use :func:`example` for a private copy."""
    from coprodoc.demo import replay

    src = tmp_path_factory.mktemp("replayed") / "example"
    replay(EXAMPLE, src)
    return src


@pytest.fixture
def example(replayed_example: Path, tmp_path: Path) -> Path:
    """A private copy of the replayed example (its git repository included)."""
    target = tmp_path / "example"
    shutil.copytree(replayed_example, target, symlinks=True)
    return target
