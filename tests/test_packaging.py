"""Every data file the package needs is declared, so `pip install .` (not
only an editable install) ships it."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_every_data_file_is_in_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["coprodoc"]
    package = ROOT / "coprodoc"
    data_files = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix not in (".py", ".pyc")
        and "__pycache__" not in path.parts
    ]
    assert data_files  # the check can fail: there are data files
    missing = [f for f in data_files if not any(fnmatch(f, p) for p in patterns)]
    assert missing == []
