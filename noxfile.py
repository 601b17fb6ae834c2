"""The versions coprodoc supports, as nox sessions, for contributors.

``make test`` runs the whole suite with the newest versions your Python
gets, and ``.ci/run`` adds the smoke suite on the oldest supported set
(``make smoke-oldest``).  This file lists every combination of Python,
Sphinx, docutils and myst-parser that can be installed together, so any of
them can be tried::

    pip install nox
    nox -l                                  # every session
    nox -s "matrix(python='3.11', sphinx='8.2', docutils='0.21', myst='4.0')"
    nox -s oldest newest                    # the two ends
    nox -s oldest -- -m "not a11y"          # another selection of tests

Each session runs the smoke suite (``pytest -m smoke``) unless given other
pytest arguments after ``--``.  Pythons that are not installed are skipped.
"""

from __future__ import annotations

import nox

nox.options.error_on_missing_interpreters = False

PYTHONS = ("3.11", "3.12", "3.13")

#: Sphinx -> (oldest Python, the docutils it accepts); from each release's
#: own requirements.
SPHINX = {
    "8.1": ("3.11", ("0.20", "0.21")),  # 3.10 too, but coprodoc needs 3.11
    "8.2": ("3.11", ("0.20", "0.21")),
    "9.0": ("3.11", ("0.20", "0.21", "0.22")),
    "9.1": ("3.12", ("0.21", "0.22")),
    "9.2": ("3.13", ("0.21", "0.22", "0.23")),
}

#: myst-parser -> (the Sphinx versions, the docutils it accepts).
MYST = {
    "4.0": (("8.1", "8.2"), ("0.20", "0.21")),  # Sphinx < 9, docutils < 0.22
    "5": (tuple(SPHINX), ("0.20", "0.21", "0.22", "0.23")),  # 5.2: docutils < 0.24
}


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def combinations() -> list[tuple[str, str, str, str]]:
    """Every (python, sphinx, docutils, myst) that installs together."""
    found = []
    for python in PYTHONS:
        for sphinx, (oldest, sphinx_docutils) in SPHINX.items():
            if version(python) < version(oldest):
                continue
            for myst, (myst_sphinx, myst_docutils) in MYST.items():
                if sphinx not in myst_sphinx:
                    continue
                for docutils in sphinx_docutils:
                    if docutils in myst_docutils:
                        found.append((python, sphinx, docutils, myst))
    return found


def run_suite(session: nox.Session, sphinx: str, docutils: str, myst: str) -> None:
    session.install(
        "-e",
        ".[test]",
        f"sphinx=={sphinx}.*",
        f"docutils=={docutils}.*",
        f"myst-parser=={myst}.*",
    )
    session.run(
        "python",
        "-c",
        "import sys, sphinx, docutils, myst_parser; print('Python', "
        "sys.version.split()[0], 'Sphinx', sphinx.__version__, 'docutils', "
        "docutils.__version__, 'myst-parser', myst_parser.__version__)",
    )
    session.run("python", "-m", "pytest", *(session.posargs or ["-m", "smoke"]))


@nox.session(name="matrix")
@nox.parametrize(("python", "sphinx", "docutils", "myst"), combinations())
def matrix(session: nox.Session, sphinx: str, docutils: str, myst: str) -> None:
    """One supported combination."""
    run_suite(session, sphinx, docutils, myst)


@nox.session(python="3.11")
def oldest(session: nox.Session) -> None:
    """The oldest supported set: what make smoke-oldest runs in CI."""
    run_suite(session, "8.1", "0.20", "4.0")


@nox.session(python="3.13")
def newest(session: nox.Session) -> None:
    """The newest set."""
    run_suite(session, "9.2", "0.23", "5")
