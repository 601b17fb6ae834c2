"""Moved: per-build state is in :mod:`coprodoc.state`, and settings are read
through :func:`coprodoc.config.settings`.  These names are kept so that
code importing them keeps working."""

from __future__ import annotations

from typing import Any

from coprodoc.config import settings
from coprodoc.language.settings import Settings
from coprodoc.state import (
    docs_read,
    get_language_rules,
    get_registry,
    language_rules_digest,
    note_docs_read,
    set_language_rules,
    set_registry,
)
from coprodoc.vocabulary import Role

__all__ = [
    "docs_read",
    "get_language_rules",
    "get_registry",
    "language_rules_digest",
    "method_vocabulary",
    "note_docs_read",
    "plain_language_settings",
    "role_vocabulary",
    "set_language_rules",
    "set_registry",
]


def plain_language_settings(config: Any) -> Settings:
    return settings(config).plain_language


def role_vocabulary(config: Any) -> dict[str, Role]:
    return settings(config).all_roles()


def method_vocabulary(config: Any) -> dict[str, str]:
    return settings(config).all_methods()
