"""The package as PyPI and its users get it.

Every data file is declared; ``python -m build`` makes an sdist and then the
wheel from that sdist (so the sdist is complete enough to build); ``twine
check`` passes; the wheel holds the licence, the labelling rules, the record
schema and the message catalogs; the sdist holds what its own tests need,
and they run from it.  Build outputs go to a temporary folder.
"""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest
from trove_classifiers import classifiers as KNOWN_CLASSIFIERS

from coprodoc import __version__

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "coprodoc"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
#: Folders the sdist must carry whole, for its tests to run.
SDIST_FOLDERS = ("tests", "example_project", "docs", "benchmarks")


def data_files() -> list[str]:
    """The package's files that are not Python, relative to the package."""
    return sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and path.suffix not in (".py", ".pyc")
        and "__pycache__" not in path.parts
    )


def test_every_data_file_is_in_package_data():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["coprodoc"]
    assert data_files()  # the check can fail: there are data files
    missing = [f for f in data_files() if not any(fnmatch(f, p) for p in patterns)]
    assert missing == []


def test_classifiers_are_known_to_pypi_and_name_the_supported_pythons():
    classifiers = PYPROJECT["project"]["classifiers"]
    assert [c for c in classifiers if c not in KNOWN_CLASSIFIERS] == []
    # setuptools 77+ refuses a licence classifier beside an SPDX expression
    assert not [c for c in classifiers if c.startswith("License ::")]
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    for minor in (11, 12, 13):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers
    assert "Framework :: Sphinx :: Extension" in classifiers
    assert any(c.startswith("Development Status ::") for c in classifiers)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist, and a wheel built from it, in a temporary folder."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def wheel_of(dist: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(dist / f"coprodoc-{__version__}-py3-none-any.whl")


def sdist_names(dist: Path) -> set[str]:
    with tarfile.open(dist / f"coprodoc-{__version__}.tar.gz") as sdist:
        prefix = f"coprodoc-{__version__}/"
        return {name.removeprefix(prefix) for name in sdist.getnames()}


def test_twine_check_passes(dist):
    files = sorted(str(path) for path in dist.iterdir())
    assert len(files) == 2
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2


def test_wheel_has_the_license_rules_schema_locales_and_assets(dist):
    with wheel_of(dist) as wheel:
        names = set(wheel.namelist())
        info = f"coprodoc-{__version__}.dist-info"
        metadata = email.message_from_bytes(wheel.read(f"{info}/METADATA"))
        licence = wheel.read(f"{info}/licenses/LICENSE").decode()
    assert licence == (ROOT / "LICENSE").read_text()
    assert "MIT License" in licence and "coprodoc contributors" in licence
    shipped = {name.removeprefix("coprodoc/") for name in names}
    assert [f for f in data_files() if f not in shipped] == []
    for needed in (
        "language/rules/ServiceUser.yml",
        "record/record-schema-1.1.json",
        # kept, so that records made before 1.1 can still be validated
        "record/record-schema-1.0.json",
        "locale/cy/LC_MESSAGES/coprodoc.mo",
        "locale/cy/LC_MESSAGES/coprodoc.po",
        "locale/coprodoc.pot",
        "py.typed",
    ):
        assert needed in shipped, needed
    assert metadata["License-Expression"] == "MIT"
    assert metadata["License-File"] == "LICENSE"
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL"))
    assert set(urls) == {"Documentation", "Source", "Issues", "Changelog"}
    assert metadata["Requires-Python"] == ">=3.11"


def tracked(folder: str) -> list[str]:
    """Files git tracks under *folder* (or every file there, outside git)."""
    if (ROOT / ".git").exists():
        done = subprocess.run(
            ["git", "ls-files", "-z", folder],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        return [name for name in done.stdout.decode().split("\0") if name]
    return [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]


def test_sdist_has_what_its_tests_need(dist):
    names = sdist_names(dist)
    for folder in SDIST_FOLDERS:
        files = tracked(folder)
        assert files, folder
        assert [name for name in files if name not in names] == [], folder
    for name in ("LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml"):
        assert name in names
    assert not [name for name in names if "__pycache__" in name or "_build/" in name]


#: A few tests that build the example, the docs and the record, run from
#: the unpacked sdist against the sdist's own code.
FROM_SDIST = [
    "tests/test_example.py::test_example_builds_without_warnings_and_hides_what_it_must",
    "tests/test_record.py::test_record_builder_writes_valid_json_and_csvs_and_no_pages",
    "tests/test_docs.py::test_docs_build_without_warnings",
]


def imported_from(env: dict[str, str], cwd: Path) -> Path:
    """Where ``import coprodoc`` finds the package with *env*, from *cwd*:
    the copy under test, not the checkout's."""
    where = subprocess.run(
        [sys.executable, "-c", "import coprodoc; print(coprodoc.__file__)"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(where.stdout.strip())


def test_the_sdist_tests_run_from_the_sdist(dist, tmp_path):
    with tarfile.open(dist / f"coprodoc-{__version__}.tar.gz") as sdist:
        sdist.extractall(tmp_path, filter="data")
    unpacked = tmp_path / f"coprodoc-{__version__}"
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    assert imported_from(env, unpacked) == unpacked / "coprodoc" / "__init__.py"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *FROM_SDIST],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"{len(FROM_SDIST)} passed" in done.stdout


def test_every_package_and_data_folder_is_listed():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    folders = {
        ".".join(path.relative_to(ROOT).parts)
        for path in [PACKAGE, *PACKAGE.rglob("*")]
        if path.is_dir() and "__pycache__" not in path.parts
    }
    assert folders  # the check can fail
    assert listed == folders | {"coprodoc.example_project"}


def test_demo_works_from_an_installed_wheel(dist, tmp_path):
    """``pip install coprodoc`` then ``coprodoc demo``: the example is in the
    wheel, and the demo finds it with no source checkout anywhere near."""
    with wheel_of(dist) as wheel:
        shipped = set(wheel.namelist())
    example = [
        name.removeprefix("example_project/") for name in tracked("example_project")
    ]
    assert example
    assert [n for n in example if f"coprodoc/example_project/{n}" not in shipped] == []
    target = tmp_path / "installed"
    wheel_path = dist / wheel_of(dist).filename
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    subprocess.run(
        [*pip, "--target", str(target), str(wheel_path)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    assert imported_from(env, tmp_path) == target / "coprodoc" / "__init__.py"
    out = tmp_path / "demo"
    done = subprocess.run(
        [sys.executable, "-m", "coprodoc.cli", "demo", "--out", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(out / "html" / "index.html") in done.stdout
    assert (out / "html" / "index.html").is_file()
    # without the example, it says what to do instead of failing obscurely
    shutil.rmtree(target / "coprodoc" / "example_project")
    done = subprocess.run(
        [sys.executable, "-m", "coprodoc.cli", "demo", "--out", str(tmp_path / "x")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "pip install --force-reinstall coprodoc" in done.stderr
    assert "--example FOLDER" in done.stderr
