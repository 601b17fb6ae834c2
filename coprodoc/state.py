"""Per-build state, kept beside the environment and never pickled.

The environment is pickled to disk (and, in ``-j`` builds, sent between
processes), and the build folder may be published.  What must not be
pickled lives here instead, keyed by the object it belongs to, so it goes
when the build goes:

- the checked settings (by config);
- the contributors registry, which holds real names (by environment);
- the labelling rules and the fingerprint of their files (by environment);
- the pages this build reads (by environment);
- the history's change list, loaded from its cache (by environment).

Forked ``-j`` read workers inherit these mappings, so directives there see
the same registry and settings as the main process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from coprodoc.data import ALL_PAGES, get_data

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from coprodoc.config import Settings
    from coprodoc.history.changes import ChangeList
    from coprodoc.language.rules import Rule
    from coprodoc.registry import Registry

T = TypeVar("T")

_SETTINGS: WeakKeyDictionary[Config, Settings] = WeakKeyDictionary()
_REGISTRIES: WeakKeyDictionary[BuildEnvironment, Registry] = WeakKeyDictionary()
_RULES: WeakKeyDictionary[BuildEnvironment, tuple[list[Rule], str]] = (
    WeakKeyDictionary()
)
_READ: WeakKeyDictionary[BuildEnvironment, set[str]] = WeakKeyDictionary()
#: pages coprodoc asked Sphinx to write again in this build (:func:`to_write`)
_REQUESTED: WeakKeyDictionary[BuildEnvironment, set[str]] = WeakKeyDictionary()
_CHANGES: WeakKeyDictionary[BuildEnvironment, ChangeList] = WeakKeyDictionary()


def _get(store: WeakKeyDictionary[Any, T], key: Any, compute: Callable[[], T]) -> T:
    if key not in store:
        store[key] = compute()
    return store[key]


# -- settings ------------------------------------------------------------------


def set_settings(config: Config, settings: Settings) -> None:
    _SETTINGS[config] = settings


def settings_of(config: Config, compute: Callable[[], Settings]) -> Settings:
    """The settings checked at config-inited (or, for a config that never
    went through it, made now without warnings)."""
    return _get(_SETTINGS, config, compute)


# -- registry --------------------------------------------------------------


def set_registry(env: BuildEnvironment, registry: Registry) -> None:
    _REGISTRIES[env] = registry


def get_registry(env: BuildEnvironment) -> Registry:
    """The registry loaded for this build (empty before it is loaded)."""
    from coprodoc.registry import Registry

    return _REGISTRIES.get(env) or Registry()


# -- labelling rules ---------------------------------------------------------


def set_language_rules(env: BuildEnvironment, rules: list[Rule], digest: str) -> None:
    """The rules for this build, and a fingerprint of what they were read from."""
    _RULES[env] = (rules, digest)


def get_language_rules(env: BuildEnvironment) -> list[Rule]:
    """The labelling rules loaded for this build."""
    return _RULES.get(env, ([], ""))[0]


def language_rules_digest(env: BuildEnvironment) -> str:
    return _RULES.get(env, ([], ""))[1]


# -- pages read ----------------------------------------------------------------


def note_docs_read(app: Any, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: remember which pages this build reads."""
    _READ[env] = set(docnames)
    _REQUESTED[env] = set()


def docs_read(env: BuildEnvironment) -> set[str]:
    """The pages read in this build (their sections may have moved)."""
    return _READ.get(env, set())


# -- history -------------------------------------------------------------------


def set_changes(env: BuildEnvironment, changes: ChangeList) -> None:
    _CHANGES[env] = changes


def changes_of(env: BuildEnvironment, load: Callable[[], ChangeList]) -> ChangeList:
    """This build's change list, loaded with *load* when the build wrote pages
    without gathering history first."""
    return _get(_CHANGES, env, load)


def to_write(
    env: BuildEnvironment, docnames: Iterable[str], note: bool = True
) -> list[str]:
    """The pages an ``env-updated`` handler asks Sphinx to write again, less
    any page removed since they were noted: Sphinx would try to write it
    and stop (a removed page's question or history was still known).

    They are remembered for this build (:func:`requested`), and, unless
    *note* is false (pages another builder was asked for already), noted in
    the environment's write log, so that an output folder another builder
    writes later knows it missed them."""
    pages = sorted(docname for docname in set(docnames) if docname in env.found_docs)
    _REQUESTED.setdefault(env, set()).update(pages)
    if pages and note:
        every = len(pages) == len(env.found_docs)
        get_data(env).note_write((ALL_PAGES,) if every else tuple(pages))
    return pages


def requested(env: BuildEnvironment) -> set[str]:
    """The pages coprodoc asked to write again in this build."""
    return _REQUESTED.get(env, set())
