"""Per-build state that must never be pickled into the environment.

The registry holds real names.  The environment is pickled to disk (and sent
between processes in ``-j`` builds), so the registry is kept beside it, keyed by
the environment object, instead of on it.  Forked read workers inherit this
mapping, so directives there see the same registry.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from coprodoc.language.rules import Rule
from coprodoc.language.settings import Settings, settings_from
from coprodoc.registry import Registry
from coprodoc.vocabulary import Role, decision_methods, role_from_config, vocabulary

_REGISTRIES: WeakKeyDictionary[BuildEnvironment, Registry] = WeakKeyDictionary()


def set_registry(env: BuildEnvironment, registry: Registry) -> None:
    _REGISTRIES[env] = registry


def get_registry(env: BuildEnvironment) -> Registry:
    """The registry loaded for this build (empty before it is loaded)."""
    return _REGISTRIES.get(env) or Registry()


def project_roles(config: Config) -> dict[str, Role]:
    """The project's own roles from ``coprodoc_roles``, invalid ones left out.

    Invalid entries are reported once, when the configuration is checked.
    """
    roles: dict[str, Role] = {}
    raw = config.coprodoc_roles
    if not isinstance(raw, dict):
        return roles
    for role_id, spec in raw.items():
        try:
            roles[str(role_id)] = role_from_config(str(role_id), spec)
        except ValueError:
            continue
    return roles


def role_vocabulary(config: Config) -> dict[str, Role]:
    """Built-in roles plus the project's own, by id."""
    return vocabulary(project_roles(config))


def method_vocabulary(config: Config) -> dict[str, str]:
    """Decision methods: built-in plus ``coprodoc_decision_methods``."""
    extra = config.coprodoc_decision_methods
    if not isinstance(extra, dict):
        extra = {}
    return decision_methods({str(k): str(v) for k, v in extra.items()})


def protocol_methods(config: Config) -> list[str]:
    """The methods the disagreement protocol allows: its method and fallbacks."""
    protocol = config.coprodoc_disagreement_protocol
    if not isinstance(protocol, dict) or not protocol.get("method"):
        return []
    fallback = protocol.get("fallback") or []
    if isinstance(fallback, str):
        fallback = [fallback]
    return [str(protocol["method"]), *(str(m) for m in fallback)]


def plain_language_settings(config: Config) -> Settings:
    """Thresholds from ``coprodoc_plain_language`` (problems reported once,
    when the configuration is checked)."""
    return settings_from(config.coprodoc_plain_language)[0]


_RULES: WeakKeyDictionary[BuildEnvironment, tuple[list[Rule], str]] = (
    WeakKeyDictionary()
)


def set_language_rules(env: BuildEnvironment, rules: list[Rule], digest: str) -> None:
    """The rules for this build, and a fingerprint of what they were read from."""
    _RULES[env] = (rules, digest)


def get_language_rules(env: BuildEnvironment) -> list[Rule]:
    """The labelling rules loaded for this build."""
    return _RULES.get(env, ([], ""))[0]


def language_rules_digest(env: BuildEnvironment) -> str:
    return _RULES.get(env, ([], ""))[1]


_READ: WeakKeyDictionary[BuildEnvironment, set[str]] = WeakKeyDictionary()


def note_docs_read(app: Any, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: remember which pages this build reads."""
    _READ[env] = set(docnames)


def docs_read(env: BuildEnvironment) -> set[str]:
    """The pages read in this build (their sections may have moved)."""
    return _READ.get(env, set())
