"""The ``coprodoc_*`` configuration: declared once, checked once, read typed.

Every value is declared in :data:`OPTIONS` with its default, the types it
accepts, a one-line description (the reference documentation is made from
it) and a parser.  At ``config-inited`` each value is checked and parsed into
one frozen :class:`Settings` object; everything else reads that object,
through :func:`settings`, never ``config.coprodoc_*``.

A value of the wrong type, or one that cannot be used, becomes its default
with one ``coprodoc.config`` warning at the line of ``conf.py`` that sets it;
the build goes on.  Where part of a value is usable (one bad role among
several), only that part is dropped.  Text where a list is expected is
refused: ``coprodoc_bots = "*[bot]"`` would otherwise be read letter by
letter.  The check runs before Sphinx's own type check, which then sees
only good values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from sphinx.application import Sphinx
from sphinx.config import Config

from coprodoc.dates import parse_iso_date
from coprodoc.language.settings import BOOLEAN_WORDS, settings_from
from coprodoc.language.settings import Settings as PlainLanguage
from coprodoc.logs import Subtype, warn
from coprodoc.suggest import hint
from coprodoc.vocabulary import Role, decision_methods, role_from_config, vocabulary

STATIC_DIR = Path(__file__).parent / "static"
EXPORT_NAMES = ("all-contributors", "cff")


class Unusable(ValueError):
    """The whole value cannot be used; the message says why."""


class Protocol(NamedTuple):
    """What the group agreed about handling disagreement."""

    method: str
    fallbacks: tuple[str, ...]
    agreed: str | None
    text: str
    #: the mapping as written in conf.py, for the record
    raw: Mapping[str, Any]

    @property
    def methods(self) -> tuple[str, ...]:
        """The methods the protocol allows: its method, then the fallbacks."""
        return (self.method, *self.fallbacks)


#: The default of a mapping setting: empty, and never changed in place.
_EMPTY: Mapping[str, Any] = MappingProxyType({})


class Settings(NamedTuple):
    """The checked configuration of one build (see :data:`OPTIONS`)."""

    contributors: str = "contributors.yaml"
    roles: Mapping[str, Role] = _EMPTY
    disagreement_protocol: Protocol | None = None
    decision_methods: Mapping[str, str] = _EMPTY
    plain_language: PlainLanguage = PlainLanguage()
    language_rules: Mapping[str, Any] = _EMPTY
    language_disabled: tuple[str, ...] = ()
    vale_styles: tuple[str, ...] = ()
    history: bool | Literal["auto"] = True
    shaped_by: Literal["auto"] | None = None
    repo_url: str | Mapping[str, str] | None = None
    ignore_revs: tuple[str, ...] = ()
    unknown_contributors: Literal["show", "hide", "count"] = "count"
    commit_subjects: Literal["redacted", "hidden", "as-written"] = "redacted"
    bots: tuple[str, ...] = ("*[bot]", "*[bot]@*")
    trailers: Mapping[str, str | None] = _EMPTY
    record: bool = False
    reproducible_record: bool = False
    organisation_groups: tuple[str, ...] = ("staff",)
    record_exports: tuple[str, ...] = ()
    authorship_view: bool = False
    cache_dir: str | None = None

    def all_roles(self) -> dict[str, Role]:
        """Built-in roles plus the project's own, by id.  Made on each call:
        labels are translated in the language of the build that asks."""
        return vocabulary(self.roles)

    def all_methods(self) -> dict[str, str]:
        """Decision methods: built-in plus ``coprodoc_decision_methods``."""
        return decision_methods(self.decision_methods)

    def protocol_methods(self) -> tuple[str, ...]:
        """The methods the agreed protocol allows (none without a protocol)."""
        protocol = self.disagreement_protocol
        return protocol.methods if protocol is not None else ()


#: A parser turns a value of an accepted type into its :class:`Settings`
#: form; it gets the values parsed before it, and returns the parsed value
#: and problems with the parts it dropped, or raises :class:`Unusable`.
Parser = Callable[[Any, dict[str, Any]], tuple[Any, list[str]]]


class Option(NamedTuple):
    name: str
    default: Any
    types: frozenset[type]
    description: str
    parse: Parser
    #: what Sphinx rebuilds when the value changes
    rebuild: Literal["", "env"] = "env"
    #: what a value of the wrong type is told to be, when the types alone
    #: would not say it ("None or text" for a setting that takes "auto")
    expects: str = ""

    @property
    def attribute(self) -> str:
        return self.name.removeprefix("coprodoc_")


# -- parsers -------------------------------------------------------------------


def _as_is(value: Any, done: dict[str, Any]) -> tuple[Any, list[str]]:
    return value, []


def _texts(value: Any, done: dict[str, Any]) -> tuple[tuple[str, ...], list[str]]:
    if not all(isinstance(item, str) for item in value):
        raise Unusable("must be a list of text items")
    return tuple(value), []


def _one_of(*choices: str) -> Parser:
    def parse(value: Any, done: dict[str, Any]) -> tuple[Any, list[str]]:
        if value not in choices:
            near = hint(value, choices) if isinstance(value, str) else ""
            raise Unusable(f"must be one of {', '.join(map(repr, choices))}{near}")
        return value, []

    return parse


def _roles(value: Any, done: dict[str, Any]) -> tuple[dict[str, Role], list[str]]:
    roles: dict[str, Role] = {}
    problems = []
    for role_id, spec in value.items():
        try:
            roles[str(role_id)] = role_from_config(str(role_id), spec)
        except ValueError as exc:
            problems.append(f"[{role_id!r}]: {exc}; the role is left out")
    return roles, problems


def _methods(value: Any, done: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise Unusable(
            'must map method ids to labels (for example {"sociocracy": '
            '"Sociocratic consent"})'
        )
    return dict(value), []


def _protocol(value: Any, done: dict[str, Any]) -> tuple[Protocol | None, list[str]]:
    if value is None:
        return None, []
    method = value.get("method")
    if not isinstance(method, str) or not method:
        raise Unusable(
            "must be a mapping with at least 'method' (and optionally "
            "'fallback', 'agreed' and 'text')"
        )
    fallback = value.get("fallback") or []
    fallbacks = [fallback] if isinstance(fallback, str) else list(fallback)
    known = decision_methods(done["decision_methods"])
    problems = [
        f": unknown method {m!r}{hint(m, known)}; known: {', '.join(known)}"
        for m in [method, *fallbacks]
        if m not in known
    ]
    agreed = value.get("agreed")
    if agreed is not None:
        try:
            agreed = parse_iso_date(agreed).isoformat()
        except ValueError as exc:
            problems.append(f": 'agreed' {exc}; it is left out")
            agreed = None
    text = str(value.get("text") or "").strip()
    return Protocol(method, tuple(map(str, fallbacks)), agreed, text, value), problems


def _plain_language(
    value: Any, done: dict[str, Any]
) -> tuple[PlainLanguage, list[str]]:
    parsed, problems = settings_from(value)
    return parsed, [p.removeprefix("coprodoc_plain_language") for p in problems]


def _history(value: Any, done: dict[str, Any]) -> tuple[Any, list[str]]:
    if value not in (True, False, "auto"):
        raise Unusable('must be True, False or "auto"')
    return value, []


def _shaped_by(value: Any, done: dict[str, Any]) -> tuple[Any, list[str]]:
    choice = value.strip().casefold() if isinstance(value, str) else value
    if choice not in (None, "auto", "off"):
        raise Unusable('must be "auto", "off" or None')
    return ("auto" if choice == "auto" else None), []


def _repo_url(value: Any, done: dict[str, Any]) -> tuple[Any, list[str]]:
    if value is None or (
        isinstance(value, str) and value.startswith(("http://", "https://"))
    ):
        return value, []
    if isinstance(value, dict) and set(value) <= {"commit", "pull"}:
        return dict(value), []
    raise Unusable(
        "must be an http(s) address, or a mapping with 'commit' and 'pull' "
        "templates (commits are then shown without links)"
    )


def _trailers(value: Any, done: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    roles = vocabulary(done["roles"])
    trailers: dict[str, str | None] = {}
    problems = []
    for trailer, role in value.items():
        if not isinstance(trailer, str) or not (role is None or role in roles):
            problems.append(
                f"[{trailer!r}]: unknown role {role!r}"
                f"{hint(str(role), roles) if isinstance(role, str) else ''}; "
                "the trailer is left out"
            )
            continue
        trailers[trailer] = role
    return trailers, problems


def _cache_dir(value: Any, done: dict[str, Any]) -> tuple[Any, list[str]]:
    if isinstance(value, str) and not value.strip():
        raise Unusable("must name a folder")
    return value, []


def _exports(value: Any, done: dict[str, Any]) -> tuple[tuple[str, ...], list[str]]:
    names, _problems = _texts(value, done)
    unknown = [name for name in names if name not in EXPORT_NAMES]
    problems = (
        [
            f": unknown export {', '.join(map(repr, unknown))}"
            f"{''.join(hint(name, EXPORT_NAMES) for name in unknown)} "
            f"(known: {', '.join(EXPORT_NAMES)})"
        ]
        if unknown
        else []
    )
    return tuple(n for n in names if n in EXPORT_NAMES), problems


LIST = frozenset({list, tuple})
MAPPING = frozenset({dict})


#: Every ``coprodoc_*`` value, in the order they are checked (a value may use
#: those before it).  All of them change what is read, so all rebuild the
#: environment.
OPTIONS: tuple[Option, ...] = (
    Option(
        "coprodoc_contributors",
        "contributors.yaml",
        frozenset({str}),
        "Path of the contributors registry, relative to conf.py.",
        _as_is,
    ),
    Option(
        "coprodoc_roles",
        {},
        MAPPING,
        "Project-defined contribution roles: id -> label or mapping.",
        _roles,
    ),
    Option(
        "coprodoc_decision_methods",
        {},
        MAPPING,
        "Project-defined decision methods: id -> label.",
        _methods,
    ),
    Option(
        "coprodoc_disagreement_protocol",
        None,
        frozenset({dict, type(None)}),
        "What the group agreed about handling disagreement.",
        _protocol,
    ),
    Option(
        "coprodoc_plain_language",
        {},
        MAPPING,
        "Plain-language thresholds (reading age, sentence lengths).",
        _plain_language,
    ),
    Option(
        "coprodoc_language_rules",
        {},
        MAPPING,
        "Extra labelling rules in Vale's YAML format, by id.",
        _as_is,
    ),
    Option(
        "coprodoc_language_disabled",
        [],
        LIST,
        "Ids of labelling rules to switch off.",
        _texts,
    ),
    Option(
        "coprodoc_vale_styles",
        [],
        LIST,
        "Folders of Vale-style rules, relative to conf.py.",
        _texts,
    ),
    Option(
        "coprodoc_history",
        True,
        frozenset({bool, str}),
        'Read change history from git: True, False, or "auto" (only when the '
        "site is in a git repository with commits).",
        _history,
    ),
    Option(
        "coprodoc_shaped_by",
        None,
        frozenset({str, type(None)}),
        '"auto" adds a "Shaped by" block to every section; None or "off" '
        "only where a shaped-by directive is.",
        _shaped_by,
        expects='"auto", "off" or None',
    ),
    Option(
        "coprodoc_repo_url",
        None,
        frozenset({str, dict, type(None)}),
        "Repository web address, for links to commits and pull requests.",
        _repo_url,
    ),
    Option(
        "coprodoc_ignore_revs",
        [],
        LIST,
        "Commits (formatting changes) that take no credit.",
        _texts,
    ),
    Option(
        "coprodoc_unknown_contributors",
        "count",
        frozenset({str}),
        'How git authors not in the registry are shown: "show", "hide" or "count".',
        _one_of("show", "hide", "count"),
    ),
    Option(
        "coprodoc_commit_subjects",
        "redacted",
        frozenset({str}),
        'How commit subjects are published: "redacted" (names of people who '
        'are not shown, emails and branch names replaced), "hidden" (left '
        'out) or "as-written" (only emails and the registry\'s hidden names '
        "replaced).",
        _one_of("redacted", "hidden", "as-written"),
    ),
    Option(
        "coprodoc_bots",
        ["*[bot]", "*[bot]@*"],
        LIST,
        "Name or email patterns of bots, left out of the history.",
        _texts,
    ),
    Option(
        "coprodoc_trailers",
        {},
        MAPPING,
        "Commit trailers credited, and the role each gives.",
        _trailers,
    ),
    Option(
        "coprodoc_record",
        False,
        frozenset({bool}),
        "Also write the contribution record (JSON and CSV) in HTML builds.",
        _as_is,
    ),
    Option(
        "coprodoc_reproducible_record",
        False,
        frozenset({bool}),
        "Leave the time out of the record, so the same commit gives the same bytes.",
        _as_is,
    ),
    Option(
        "coprodoc_organisation_groups",
        ["staff"],
        LIST,
        "Registry groups that are the organisation itself; sections with no "
        "contribution from anyone outside them are flagged.",
        _texts,
    ),
    Option(
        "coprodoc_authorship_view",
        False,
        frozenset({bool}),
        'Add a "who wrote this page" view to every page of an HTML build: '
        "the text with each passage marked by who wrote it.",
        _as_is,
    ),
    Option(
        "coprodoc_record_exports",
        [],
        LIST,
        'Files made with the record: "all-contributors" (.all-contributorsrc) '
        'and "cff" (CITATION.cff).',
        _exports,
    ),
    Option(
        "coprodoc_cache_dir",
        None,
        frozenset({str, type(None)}),
        "Folder for coprodoc's caches (history, rules), relative to conf.py; "
        "None keeps them in the doctree folder.  Set it to a folder your CI "
        "keeps between builds.",
        _cache_dir,
        rebuild="",
    ),
)

#: Sphinx's own names for the accepted types, for messages.
_TYPE_NAMES: dict[type, str] = {
    list: "a list",
    tuple: "a list",
    dict: "a mapping",
    str: "text",
}


def _describe(types: frozenset[type]) -> str:
    names = sorted(
        {_TYPE_NAMES.get(t, "None" if t is type(None) else t.__name__) for t in types}
    )
    return " or ".join(names)


def parse_config(config: Config) -> tuple[Settings, list[tuple[str, str]]]:
    """The :class:`Settings` of *config*, and (option, problem) pairs."""
    done: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for option in OPTIONS:
        given = config.overrides.get(option.name)
        if bool in option.types and isinstance(given, str):
            # -D coprodoc_record=false: Sphinx takes only 0 and 1 (and stops
            # the build for anything else where the setting is only a bool)
            word = BOOLEAN_WORDS.get(given.strip().lower())
            setattr(config, option.name, given if word is None else word)
        value = getattr(config, option.name, option.default)
        try:
            if type(value) not in option.types:
                raise Unusable(f"must be {option.expects or _describe(option.types)}")
            parsed, partial = option.parse(value, done)
            problems += [(option.name, f"{option.name}{p}") for p in partial]
        except Unusable as exc:
            shown = "None" if option.default is None else repr(option.default)
            problems.append(
                (option.name, f"{option.name} {exc}, not {value!r}; using {shown}")
            )
            setattr(config, option.name, option.default)
            parsed, _partial = option.parse(option.default, done)
        done[option.attribute] = parsed
    return Settings(**done), problems


def setup(app: Sphinx) -> None:
    """Declare every value, and check them all at ``config-inited``."""
    for option in OPTIONS:
        app.add_config_value(
            option.name,
            option.default,
            option.rebuild,
            types=option.types,
            description=option.description,
        )
    # Before Sphinx's own type check (priority 800), which then sees only
    # usable values and has nothing to warn about.
    app.connect("config-inited", check_config, priority=300)
    app.connect("builder-inited", use_cache_folder)
    app.add_css_file("coprodoc.css")


def use_cache_folder(app: Sphinx) -> None:
    """``builder-inited``: the cache folder must not be published (it holds
    the site's secret when ``coprodoc_cache_dir`` is set)."""
    folder = cache_folder(app)
    outdir = Path(app.outdir).resolve()
    if settings(app).cache_dir and (folder == outdir or outdir in folder.parents):
        warn_at_setting(
            app,
            "coprodoc_cache_dir",
            f"coprodoc_cache_dir ({folder}) is inside the output folder, which "
            "may be published; it holds the history cache and the site's secret: "
            "choose a folder outside it",
        )


def config_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:LINE`` where *name* is last set (line 1 if it is not set there:
    the last assignment is the one that counts); None if it is set with
    ``-D`` on the command line, which wins over conf.py.

    Config problems are found before the environment exists, so the location
    must be a full ``path:line`` string (Sphinx would otherwise try to treat
    it as a document name).
    """
    if name in app.config.overrides:
        return None
    path = Path(app.confdir) / "conf.py"
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*(?:\[|=|\.)")
    found = [n for n, line in enumerate(lines, 1) if pattern.match(line)]
    if not found and name in getattr(app.config, "_raw_config", {}):
        # not written in conf.py, yet among its values: ``-D name.key=value``,
        # which Sphinx moves there (and out of its overrides)
        return None
    return f"{path}:{max(found, default=1)}"


def warn_at_setting(
    app: Sphinx, name: str, message: str, subtype: Subtype = "config"
) -> None:
    """Warn at the line of conf.py that sets *name*, or say that it was set
    on the command line."""
    location = config_location(app, name)
    if location is None:
        message += " (set with -D on the command line)"
    warn(message, subtype, location)


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: parse every value once, report each problem at its
    line, and make the stylesheet available."""
    from coprodoc import state

    parsed, problems = parse_config(config)
    for name, message in problems:
        warn_at_setting(app, name, message)
    warn_unknown_settings(app, config)
    state.set_settings(config, parsed)
    static = str(STATIC_DIR)
    if static not in config.html_static_path:
        config.html_static_path.append(static)


def warn_unknown_settings(app: Sphinx, config: Config) -> None:
    """A ``coprodoc_*`` name that is no setting (``coprodoc_histroy``) is
    ignored by Sphinx without a word, so the setting meant keeps its default:
    say so, with the name it was probably meant to be."""
    known = {option.name for option in OPTIONS}
    # conf.py's own names: Sphinx keeps them, and has no public way to list
    # them (it warns about an unknown -D itself)
    for name in getattr(config, "_raw_config", {}):
        if name.startswith("coprodoc_") and name not in known:
            warn_at_setting(
                app,
                name,
                f"{name} is not a coprodoc setting{hint(name, sorted(known))}; "
                "it has no effect (the settings are listed in the configuration "
                "reference)",
            )


def settings(where: Sphinx | Config | Any) -> Settings:
    """The checked settings of a build: from the application, its config, or
    anything with a ``config`` (an environment, a builder)."""
    from coprodoc import state

    config = where if isinstance(where, Config) else where.config
    return state.settings_of(config, lambda: parse_config(config)[0])


def cache_folder(app: Sphinx) -> Path:
    """Where coprodoc keeps its caches: ``coprodoc_cache_dir`` (relative to
    conf.py), or the doctree folder."""
    folder = settings(app).cache_dir
    if folder is None:
        return Path(app.doctreedir)
    return Path(app.confdir, folder).resolve()


def registry_path(app: Sphinx) -> Path:
    return Path(app.confdir) / settings(app).contributors
