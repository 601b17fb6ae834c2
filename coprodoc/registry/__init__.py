"""The contributors registry: load, validate, and decide how each id is shown.

:mod:`~coprodoc.registry.model` holds people, groups and the display rules;
:mod:`~coprodoc.registry.loader` reads the file and reports every problem;
:mod:`~coprodoc.registry.yamlfile` parses YAML without trusting it.
"""

from coprodoc.registry.loader import load_registry
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
