"""The ``coprodoc_*`` configuration values, typed and checked at config-inited."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from coprodoc.context import method_vocabulary, protocol_methods, role_vocabulary
from coprodoc.dates import parse_iso_date
from coprodoc.language.settings import settings_from
from coprodoc.logs import warn
from coprodoc.vocabulary import role_from_config

STATIC_DIR = Path(__file__).parent / "static"


#: Every ``coprodoc_*`` value: name, default, accepted types, what it is for.
#: All of them change what is read, so all rebuild the environment.
CONFIG_VALUES: list[tuple[str, Any, frozenset[type], str]] = [
    (
        "coprodoc_contributors",
        "contributors.yaml",
        frozenset({str}),
        "Path of the contributors registry, relative to conf.py.",
    ),
    (
        "coprodoc_roles",
        {},
        frozenset({dict}),
        "Project-defined contribution roles: id -> label or mapping.",
    ),
    (
        "coprodoc_disagreement_protocol",
        None,
        frozenset({dict, type(None)}),
        "What the group agreed about handling disagreement.",
    ),
    (
        "coprodoc_decision_methods",
        {},
        frozenset({dict}),
        "Project-defined decision methods: id -> label.",
    ),
    (
        "coprodoc_plain_language",
        {},
        frozenset({dict}),
        "Plain-language thresholds (reading age, sentence lengths).",
    ),
    (
        "coprodoc_language_rules",
        {},
        frozenset({dict}),
        "Extra labelling rules in Vale's YAML format, by id.",
    ),
    (
        "coprodoc_language_disabled",
        [],
        frozenset({list, tuple}),
        "Ids of labelling rules to switch off.",
    ),
    (
        "coprodoc_vale_styles",
        [],
        frozenset({list, tuple}),
        "Folders of Vale-style rules, relative to conf.py.",
    ),
    (
        "coprodoc_history",
        True,
        frozenset({bool, str}),
        'Read change history from git (True, False, or "auto": only when '
        "the site is in a git repository with commits).",
    ),
    (
        "coprodoc_shaped_by",
        None,
        frozenset({str, type(None)}),
        '"auto" adds a "Shaped by" block to every section.',
    ),
    (
        "coprodoc_repo_url",
        None,
        frozenset({str, dict, type(None)}),
        "Repository web address, for links to commits and pull requests.",
    ),
    (
        "coprodoc_ignore_revs",
        [],
        frozenset({list, tuple}),
        "Commits (formatting changes) that take no credit.",
    ),
    (
        "coprodoc_unknown_contributors",
        "count",
        frozenset({str}),
        "How git authors not in the registry are shown: show, hide, count.",
    ),
    (
        "coprodoc_bots",
        ["*[bot]", "*[bot]@*"],
        frozenset({list, tuple}),
        "Name or email patterns of bots, left out of the history.",
    ),
    (
        "coprodoc_commit_subjects",
        "redacted",
        frozenset({str}),
        'How commit subjects are published: "redacted" (names of people who '
        'are not shown, emails and branch names replaced), "hidden" (left '
        'out) or "as-written" (only emails and the registry\'s hidden names '
        "replaced).",
    ),
    (
        "coprodoc_trailers",
        {},
        frozenset({dict}),
        "Commit trailers credited, and the role each gives.",
    ),
    (
        "coprodoc_record",
        False,
        frozenset({bool}),
        "Also write the contribution record (JSON and CSV) in HTML builds.",
    ),
    (
        "coprodoc_reproducible_record",
        False,
        frozenset({bool}),
        "Leave the time out of the record, so the same commit gives the same bytes.",
    ),
    (
        "coprodoc_organisation_groups",
        ["staff"],
        frozenset({list, tuple}),
        "Registry groups that are the organisation itself; sections with no "
        "contribution from anyone outside them are flagged.",
    ),
    (
        "coprodoc_record_exports",
        [],
        frozenset({list, tuple}),
        'Files made with the record: "all-contributors" (.all-contributorsrc) '
        'and "cff" (CITATION.cff).',
    ),
]


def register(app: Sphinx) -> None:
    for name, default, types, description in CONFIG_VALUES:
        app.add_config_value(name, default, "env", types=types, description=description)
    app.connect("config-inited", check_config)


def config_location(app: Sphinx, name: str) -> str:
    """``conf.py:LINE`` where *name* is set (line 1 if it is not set there).

    Config problems are found before the environment exists, so the location
    must be a full ``path:line`` string (Sphinx would otherwise try to treat
    it as a document name).
    """
    path = Path(app.confdir) / "conf.py"
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*(?:\[|=|\.)")
    number = next((n for n, line in enumerate(lines, 1) if pattern.match(line)), 1)
    return f"{path}:{number}"


def check_config(app: Sphinx, config: Config) -> None:
    """Report malformed values once, and make the stylesheet available."""
    problems = [
        *_check_roles(config),
        *_check_methods(config),
        *_check_protocol(config),
        *(
            ("coprodoc_plain_language", problem)
            for problem in settings_from(config.coprodoc_plain_language)[1]
        ),
        *_check_history(config),
        *_check_record(config),
    ]
    for name, message in problems:
        warn(message, "config", config_location(app, name))
    static = str(STATIC_DIR)
    if static not in config.html_static_path:
        config.html_static_path.append(static)


def registry_path(app: Sphinx) -> Path:
    return Path(app.confdir) / str(app.config.coprodoc_contributors)


Problems = list[tuple[str, str]]


def _check_roles(config: Config) -> Problems:
    roles = config.coprodoc_roles
    if not isinstance(roles, dict):
        return [
            (
                "coprodoc_roles",
                "coprodoc_roles must be a mapping of role id to a label or a "
                "mapping with 'label', 'credit' and 'all-contributors'; it is "
                "ignored",
            )
        ]
    problems = []
    for role_id, spec in roles.items():
        try:
            role_from_config(str(role_id), spec)
        except ValueError as exc:
            problems.append(
                (
                    "coprodoc_roles",
                    f"coprodoc_roles[{role_id!r}]: {exc}; the role is ignored",
                )
            )
    return problems


def _check_methods(config: Config) -> Problems:
    methods = config.coprodoc_decision_methods
    if isinstance(methods, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in methods.items()
    ):
        return []
    return [
        (
            "coprodoc_decision_methods",
            "coprodoc_decision_methods must map method ids to labels "
            '(for example {"sociocracy": "Sociocratic consent"})',
        )
    ]


def _check_protocol(config: Config) -> Problems:
    """The protocol needs a known method; fallbacks and date must be valid."""
    name = "coprodoc_disagreement_protocol"
    protocol = config.coprodoc_disagreement_protocol
    if protocol is None:
        return []
    if not isinstance(protocol, dict) or not protocol.get("method"):
        return [
            (
                name,
                f"{name} must be a mapping with at least 'method' (and optionally "
                "'fallback', 'agreed' and 'text')",
            )
        ]
    known = method_vocabulary(config)
    problems = [
        (name, f"{name}: unknown method {method!r} (known: {', '.join(known)})")
        for method in protocol_methods(config)
        if method not in known
    ]
    agreed = protocol.get("agreed")
    if agreed is not None:
        try:
            parse_iso_date(agreed)
        except ValueError:
            problems.append(
                (
                    name,
                    f"{name}: 'agreed' {agreed!r} is not a date in the form YYYY-MM-DD",
                )
            )
    return problems


def _check_record(config: Config) -> Problems:
    """Unknown export names are dropped with a warning rather than failing."""
    known = ("all-contributors", "cff")
    exports = list(config.coprodoc_record_exports)
    unknown = [e for e in exports if e not in known]
    if not unknown:
        return []
    config.coprodoc_record_exports = [e for e in exports if e in known]
    return [
        (
            "coprodoc_record_exports",
            f"coprodoc_record_exports: unknown export {', '.join(map(repr, unknown))}"
            f" (known: {', '.join(known)})",
        )
    ]


def _check_history(config: Config) -> Problems:
    problems = []
    if config.coprodoc_history not in (True, False, "auto"):
        problems.append(
            ("coprodoc_history", 'coprodoc_history must be True, False or "auto"')
        )
    if config.coprodoc_shaped_by not in (None, "auto", "off"):
        problems.append(
            ("coprodoc_shaped_by", 'coprodoc_shaped_by must be "auto" or None')
        )
    if config.coprodoc_commit_subjects not in ("redacted", "hidden", "as-written"):
        problems.append(
            (
                "coprodoc_commit_subjects",
                'coprodoc_commit_subjects must be "redacted", "hidden" or '
                '"as-written"; using "redacted"',
            )
        )
        config.coprodoc_commit_subjects = "redacted"
    if config.coprodoc_unknown_contributors not in ("show", "hide", "count"):
        problems.append(
            (
                "coprodoc_unknown_contributors",
                'coprodoc_unknown_contributors must be "show", "hide" or '
                '"count"; using "count"',
            )
        )
        config.coprodoc_unknown_contributors = "count"
    url = config.coprodoc_repo_url
    if not (
        url is None
        or (isinstance(url, str) and url.startswith(("http://", "https://")))
        or (isinstance(url, dict) and set(url) <= {"commit", "pull"})
    ):
        problems.append(
            (
                "coprodoc_repo_url",
                "coprodoc_repo_url must be an http(s) address or a mapping with "
                "'commit' and 'pull' templates; links are left out",
            )
        )
        config.coprodoc_repo_url = None
    roles = role_vocabulary(config)
    for trailer, role in config.coprodoc_trailers.items():
        if role is not None and role not in roles:
            problems.append(
                (
                    "coprodoc_trailers",
                    f"coprodoc_trailers[{trailer!r}]: unknown role {role!r}",
                )
            )
    return problems
