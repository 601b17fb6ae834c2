"""The contributors registry: load, validate, and decide how each id is shown.

:mod:`~coprodoc.registry.model` holds people, groups and the display rules;
:mod:`~coprodoc.registry.loader` reads the file and reports every problem;
:mod:`~coprodoc.registry.yamlfile` parses YAML without trusting it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprodoc.registry.model import (
    ANONYMOUS,
    DISPLAY_MODES,
    ID_TOKEN,
    SCOPE_ITEMS,
    Consent,
    Group,
    Person,
    Problem,
    Registry,
    Shown,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path


def load_registry(
    path: Path, known_roles: Iterable[str]
) -> tuple[Registry, list[Problem]]:
    """The registry at *path* and its problems (see
    :func:`coprodoc.registry.loader.load_registry`).  The reader is loaded
    only when there is a file to read: a site that uses coprodoc for its
    history alone does not load it in every build."""
    if not path.is_file():
        return Registry(path=path, exists=False), []
    from coprodoc.registry.loader import load_registry as read

    return read(path, known_roles)


__all__ = [
    "ANONYMOUS",
    "DISPLAY_MODES",
    "ID_TOKEN",
    "SCOPE_ITEMS",
    "Consent",
    "Group",
    "Person",
    "Problem",
    "Registry",
    "Shown",
    "load_registry",
]
