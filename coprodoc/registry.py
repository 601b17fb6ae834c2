"""The contributors registry: load, validate, and decide how each id is shown.

The registry is the only place where real names live.  Sources refer to people
by opaque ids; names are resolved when pages are written, so they never reach
the pickled environment, and a person without active consent is never named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from hashlib import sha256
from pathlib import Path
from typing import Any, TypeVar

from coprodoc.dates import parse_iso_date
from coprodoc.locale import _

#: The id sources may use for a person who is not named at all.
ANONYMOUS = "anonymous"
DISPLAY_MODES = ("name", "pseudonym", "group-only", "anonymous")
SCOPE_ITEMS = ("name", "pseudonym", "groups", "roles")


@dataclass(frozen=True)
class Problem:
    """Something wrong in the registry file, with the line it is on."""

    message: str
    subtype: str
    line: int | None


@dataclass(frozen=True)
class Consent:
    """What a person agreed to, and whether that agreement still stands."""

    given: date | None = None
    scope: tuple[str, ...] = ()
    recorded_by: str | None = None
    review: date | None = None
    withdrawn: date | None = None

    @property
    def active(self) -> bool:
        """Consent counts only when it was given and has not been withdrawn."""
        return self.given is not None and self.withdrawn is None

    def covers(self, item: str) -> bool:
        """An empty scope means consent covers the display the person chose."""
        return not self.scope or item in self.scope


@dataclass(frozen=True)
class Person:
    id: str
    name: str | None = None
    display: str = "anonymous"
    pseudonym: str | None = None
    groups: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    git: tuple[str, ...] = ()
    consent: Consent = field(default_factory=Consent)
    line: int | None = None


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    line: int | None = None


_Entry = TypeVar("_Entry", Person, Group)


@dataclass(frozen=True)
class Shown:
    """How one id appears in output.

    ``kind`` is one of ``name``, ``pseudonym``, ``group`` (a group, or a
    group-only person), ``anonymous`` or ``unregistered`` (an id the registry
    does not know, shown as written).
    """

    text: str
    kind: str
    group: str | None = None


class Registry:
    """People and groups by id, with the display rules applied."""

    def __init__(
        self,
        people: Iterable[Person] = (),
        groups: Iterable[Group] = (),
        path: Path | None = None,
        exists: bool = False,
        digest: str = "",
    ) -> None:
        self.people = {person.id: person for person in people}
        self.groups = {group.id: group for group in groups}
        self.path = path
        self.exists = exists
        self.digest = digest

    def knows(self, ident: str) -> bool:
        return ident in self.people or ident in self.groups

    def effective_display(self, person: Person) -> str:
        """The display mode actually used: consent and data can only narrow it."""
        if not person.consent.active:
            return "anonymous"
        mode = person.display
        if mode == "name" and person.name and person.consent.covers("name"):
            return "name"
        if (
            mode == "pseudonym"
            and person.pseudonym
            and person.consent.covers("pseudonym")
        ):
            return "pseudonym"
        if mode == "group-only" and self._first_group(person):
            return "group-only"
        return "anonymous"

    def roles_visible(self, person: Person) -> bool:
        """Whether the person's roles may be listed beside how they are shown."""
        return person.consent.active and person.consent.covers("roles")

    def _first_group(self, person: Person) -> Group | None:
        if not person.consent.covers("groups"):
            return None
        for group_id in person.groups:
            if group_id in self.groups:
                return self.groups[group_id]
        return None

    def shown(self, ident: str) -> Shown:
        """How *ident* (a person or group id) is shown to readers."""
        if ident in self.groups:
            return Shown(self.groups[ident].name, "group", ident)
        if ident == ANONYMOUS and ident not in self.people:
            return Shown(_("Anonymous contributor"), "anonymous")
        person = self.people.get(ident)
        if person is None:
            return Shown(ident, "unregistered")
        mode = self.effective_display(person)
        if mode == "name" and person.name:
            return Shown(person.name, "name")
        if mode == "pseudonym" and person.pseudonym:
            return Shown(person.pseudonym, "pseudonym")
        group = self._first_group(person) if mode == "group-only" else None
        if group is not None:
            return Shown(_("A member of %s") % group.name, "group", group.id)
        return Shown(_("Anonymous contributor"), "anonymous")

    def __iter__(self) -> Iterator[Person]:
        return iter(self.people.values())


# --------------------------------------------------------------------------
# Loading


class _LineMap(dict[Any, Any]):
    """A YAML mapping that remembers the line of each key, for warnings."""

    line: int | None = None
    key_lines: dict[Any, int]


def _parse_with_lines(text: str) -> Any:
    """YAML whose mappings remember their lines.  yaml is imported here, not
    with the module: a site without a registry never needs it."""
    import yaml

    class LineLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> _LineMap:
        loader.flatten_mapping(node)
        mapping = _LineMap(loader.construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            key.value: key.start_mark.line + 1 for key, _value in node.value
        }
        return mapping

    LineLoader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping
    )
    return yaml.load(text, Loader=LineLoader)


def _line_of(data: Any, key: str | None = None) -> int | None:
    if isinstance(data, _LineMap):
        if key is not None and key in data.key_lines:
            return data.key_lines[key]
        return data.line
    return None


class _Loader:
    """Turns parsed YAML into people and groups, collecting problems."""

    def __init__(self, known_roles: Iterable[str]) -> None:
        self.known_roles = set(known_roles)
        self.problems: list[Problem] = []

    def problem(self, message: str, subtype: str, line: int | None) -> None:
        self.problems.append(Problem(message, subtype, line))

    def entries(self, data: Any, key: str) -> list[tuple[str | None, Any]]:
        """Entries of ``people`` or ``groups``: a list, or a mapping keyed by id."""
        section = data.get(key)
        if section is None:
            return []
        if isinstance(section, list):
            return [(None, item) for item in section]
        if isinstance(section, dict):
            return list(section.items())
        self.problem(
            f"contributors registry: '{key}' must be a list of entries "
            "or a mapping keyed by id",
            "registry",
            _line_of(data, key),
        )
        return []

    def text(self, entry: Any, key: str) -> str | None:
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        self.problem(
            f"contributors registry: '{key}' must be text",
            "registry",
            _line_of(entry, key),
        )
        return None

    def text_list(self, entry: Any, key: str) -> tuple[str, ...]:
        value = entry.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.problem(
            f"contributors registry: '{key}' must be a list of text items",
            "registry",
            _line_of(entry, key),
        )
        return ()

    def ident(self, key_id: str | None, entry: Any, kind: str) -> str | None:
        if not isinstance(entry, dict):
            self.problem(
                f"contributors registry: each {kind} must be a mapping",
                "registry",
                None,
            )
            return None
        ident = entry.get("id", key_id)
        if not isinstance(ident, str) or not ident.strip():
            self.problem(
                f"contributors registry: a {kind} has no 'id'; it is ignored",
                "registry",
                _line_of(entry),
            )
            return None
        return ident.strip()

    def date(self, entry: Any, key: str, who: str) -> date | None:
        value = entry.get(key)
        if value is None:
            return None
        try:
            return parse_iso_date(value)
        except ValueError:
            self.problem(
                f"contributors registry: {key} date of {who!r} is not in the "
                f"form YYYY-MM-DD: {value!r}",
                "date",
                _line_of(entry, key),
            )
            return None

    def consent(self, entry: Any, who: str) -> Consent:
        raw = entry.get("consent")
        if raw is None:
            return Consent()
        if not isinstance(raw, dict):
            self.problem(
                f"contributors registry: consent of {who!r} must be a mapping "
                "(given, scope, recorded-by, review, withdrawn); shown as anonymous",
                "consent",
                _line_of(entry, "consent"),
            )
            return Consent()
        scope = self.text_list(raw, "scope")
        for item in scope:
            if item not in SCOPE_ITEMS:
                self.problem(
                    f"contributors registry: consent scope item {item!r} of "
                    f"{who!r} is not one of {', '.join(SCOPE_ITEMS)}",
                    "consent",
                    _line_of(raw, "scope"),
                )
        given = self.date(raw, "given", who)
        withdrawn = self.date(raw, "withdrawn", who)
        if raw.get("given") is not None and given is None:
            # An unreadable date must not count as consent.
            withdrawn = withdrawn or date.min
        return Consent(
            given=given,
            scope=scope,
            recorded_by=self.text(raw, "recorded-by"),
            review=self.date(raw, "review", who),
            withdrawn=withdrawn,
        )

    def person(self, key_id: str | None, entry: Any) -> Person | None:
        ident = self.ident(key_id, entry, "person")
        if ident is None:
            return None
        display = entry.get("display")
        if display is None:
            self.problem(
                f"contributors registry: {ident!r} has no 'display' "
                f"(one of {', '.join(DISPLAY_MODES)}); shown as anonymous",
                "display",
                _line_of(entry),
            )
            display = "anonymous"
        elif display not in DISPLAY_MODES:
            self.problem(
                f"contributors registry: unknown display {display!r} for "
                f"{ident!r} (expected one of {', '.join(DISPLAY_MODES)}); "
                "shown as anonymous",
                "display",
                _line_of(entry, "display"),
            )
            display = "anonymous"
        person = Person(
            id=ident,
            name=self.text(entry, "name"),
            display=display,
            pseudonym=self.text(entry, "pseudonym"),
            groups=self.text_list(entry, "groups"),
            roles=self.text_list(entry, "roles"),
            git=self.text_list(entry, "git"),
            consent=self.consent(entry, ident),
            line=_line_of(entry),
        )
        self.check_display(person, entry)
        for role in person.roles:
            if role not in self.known_roles:
                self.problem(
                    f"contributors registry: unknown role {role!r} for {ident!r}",
                    "unknown-role",
                    _line_of(entry, "roles"),
                )
        return person

    def check_display(self, person: Person, entry: Any) -> None:
        needs = {"name": person.name, "pseudonym": person.pseudonym}
        if person.display in needs and not needs[person.display]:
            self.problem(
                f"contributors registry: {person.id!r} has display "
                f"{person.display!r} but no {person.display}; shown as anonymous",
                "display",
                _line_of(entry, "display"),
            )
        if person.display == "group-only" and not person.groups:
            self.problem(
                f"contributors registry: {person.id!r} has display 'group-only' "
                "but no groups; shown as anonymous",
                "display",
                _line_of(entry, "display"),
            )
        scope_item = {"name": "name", "pseudonym": "pseudonym"}.get(
            person.display, "groups" if person.display == "group-only" else ""
        )
        consent = person.consent
        if consent.active and scope_item and not consent.covers(scope_item):
            self.problem(
                f"contributors registry: consent scope of {person.id!r} does not "
                f"include {scope_item!r}, needed for display {person.display!r}; "
                "shown as anonymous",
                "consent",
                _line_of(entry, "consent"),
            )

    def group(self, key_id: str | None, entry: Any) -> Group | None:
        ident = self.ident(key_id, entry, "group")
        if ident is None:
            return None
        return Group(ident, self.text(entry, "name") or ident, _line_of(entry))


def load_registry(
    path: Path, known_roles: Iterable[str]
) -> tuple[Registry, list[Problem]]:
    """Read the registry at *path*; never raises for bad content.

    Problems are returned, not logged, so the caller decides where they are
    reported (Sphinx warnings for a build, findings for ``coprodoc check``).
    """
    if not path.is_file():
        return Registry(path=path, exists=False), []
    raw = path.read_bytes()
    digest = sha256(raw).hexdigest()
    loader = _Loader(known_roles)
    from yaml import YAMLError

    try:
        data = _parse_with_lines(raw.decode("utf-8"))
    except (YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        problem = Problem(
            f"contributors registry is not valid YAML: {reason}", "registry", line
        )
        return Registry(path=path, exists=True, digest=digest), [problem]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problem = Problem(
            "contributors registry must be a mapping with 'people' and 'groups'",
            "registry",
            1,
        )
        return Registry(path=path, exists=True, digest=digest), [problem]

    groups = _unique(
        (loader.group(k, e) for k, e in loader.entries(data, "groups")), loader
    )
    people = _unique(
        (loader.person(k, e) for k, e in loader.entries(data, "people")), loader
    )
    clash = {p.id for p in people} & {g.id for g in groups}
    for person in people:
        if person.id in clash:
            loader.problem(
                f"contributors registry: id {person.id!r} is used by a person "
                "and a group",
                "duplicate-id",
                person.line,
            )
    group_ids = {g.id for g in groups}
    for person in people:
        for group_id in person.groups:
            if group_id not in group_ids:
                loader.problem(
                    f"contributors registry: {person.id!r} belongs to unknown "
                    f"group {group_id!r}",
                    "unknown-person",
                    person.line,
                )
    registry = Registry(
        (p for p in people if p.id not in clash), groups, path, True, digest
    )
    for person in registry:
        if _id_reveals_name(registry, person):
            loader.problem(
                f"contributors registry: id {person.id!r} contains part of the "
                "name of a person who is not shown by name; ids appear in page "
                "sources and the search index, so use an opaque id such as 'p07'",
                "identifying-id",
                person.line,
            )
    return registry, loader.problems


def _id_reveals_name(registry: Registry, person: Person) -> bool:
    if not person.name or registry.effective_display(person) == "name":
        return False
    ident = person.id.casefold()
    return any(word.casefold() in ident for word in re.findall(r"\w{3,}", person.name))


def _unique(entries: Iterable[_Entry | None], loader: _Loader) -> list[_Entry]:
    """Keep the first entry of each id; later ones are reported and dropped."""
    seen: dict[str, _Entry] = {}
    for entry in entries:
        if entry is None:
            continue
        if entry.id in seen:
            loader.problem(
                f"contributors registry: duplicate id {entry.id!r} (first used "
                f"on line {seen[entry.id].line}); this entry is ignored",
                "duplicate-id",
                entry.line,
            )
            continue
        seen[entry.id] = entry
    return list(seen.values())
