"""Turns the registry file into people and groups, reporting every problem.

Consent fails closed: anything in a consent block that is not a clear date
of consent, without a clear withdrawal, means the person is shown as
anonymous, with a warning that names the field.  A misspelt key is never
ignored quietly: it is reported by name, with the key it was probably meant
to be; a misspelt consent key (``withdrawal:``, ``consnet:``, ``withdrawn:``
one level too high) also makes the person anonymous, because it most likely
meant to take consent away.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from datetime import date
from hashlib import sha256
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from coprodoc.cleantext import fold, has_override, seen_order, strip_invisible
from coprodoc.dates import parse_iso_date, today
from coprodoc.logs import Subtype
from coprodoc.orcid import orcid_address
from coprodoc.patterns import compile_later
from coprodoc.registry.model import (
    DISPLAY_MODES,
    SCOPE_ITEMS,
    Consent,
    Group,
    Person,
    Problem,
    Registry,
)
from coprodoc.registry.yamlfile import LineMap, YamlProblem, line_of, load_yaml
from coprodoc.suggest import did_you_mean
from coprodoc.words import is_common

TOP_KEYS = ("people", "groups")
PERSON_KEYS = (
    "id",
    "name",
    "display",
    "pseudonym",
    "groups",
    "roles",
    "git",
    "consent",
    "given-names",
    "family-names",
    "orcid",
)
CONSENT_KEYS = ("given", "scope", "recorded-by", "review", "withdrawn")
GROUP_KEYS = ("id", "name")

_Entry = TypeVar("_Entry", Person, Group)
_PREFIX = "contributors registry: "


_PLAIN_VALUE = compile_later(r"^[a-z0-9][a-z0-9._-]{0,30}$")


def shown(value: Any) -> str:
    """A registry value as a warning may repeat it.  Warnings end up in CI
    logs and in ``coprodoc check`` output, so free text (which may hold a
    name: "phoned, Zebedee said stop") is not repeated, only its line is
    given; dates, numbers and lower-case words are."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | date):
        return repr(str(value))
    if isinstance(value, str) and (not value.strip() or _PLAIN_VALUE.match(value)):
        return repr(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9 :./-]+", value):
        return repr(value)
    return "a value not repeated here (it may name someone)"


def not_a_date(field: str, value: Any, error: ValueError) -> str:
    """Why a date field cannot be read, repeating the value only if safe."""
    written = shown(value)
    if written.startswith("'"):
        return f"'{field}' {error}"
    return f"'{field}' is {written}, not a date in the form YYYY-MM-DD"


def looks_like_consent(key: str) -> bool:
    """Whether an unknown key was probably meant as consent or one of its
    fields (``consnet``, ``withdrawal``, ``withdrawn`` one level too high)."""
    return did_you_mean(key, ("consent", *CONSENT_KEYS)) is not None


class _Loader:
    """Turns parsed YAML into people and groups, collecting problems."""

    def __init__(self, known_roles: Iterable[str]) -> None:
        self.known_roles = set(known_roles)
        self.problems: list[Problem] = []
        #: names, pseudonyms and git names as a reader of the file saw them,
        #: where an override drew them backwards (see :meth:`cleaned`)
        self.seen: list[str] = []
        #: the line of each person's ``groups:``, for a group it does not know
        self.groups_lines: dict[str, int | None] = {}

    def problem(self, message: str, subtype: Subtype, line: int | None) -> None:
        self.problems.append(Problem(_PREFIX + message, subtype, line))

    # -- shape ----------------------------------------------------------

    def unknown_keys(
        self, entry: Any, known: tuple[str, ...], where: str, nearby: tuple[str, ...]
    ) -> list[str]:
        """Report keys of *entry* that are not in *known*; return them.

        *nearby* are keys of another level, suggested as "inside consent".  A
        key that looks like a consent key makes the person anonymous, and the
        warning says so.
        """
        found = []
        for key in entry:
            if key in known:
                continue
            found.append(str(key))
            hint = did_you_mean(str(key), known)
            if hint is None and (inner := did_you_mean(str(key), nearby)):
                hint = f"{inner}' inside 'consent"
            advice = (
                f"did you mean '{hint}'?" if hint else f"known keys: {', '.join(known)}"
            )
            about_consent = known == CONSENT_KEYS or looks_like_consent(str(key))
            self.problem(
                f"unknown key {key!r} in {where} ({advice}); "
                + (
                    "consent cannot be read with certainty, so the person is "
                    "shown as anonymous"
                    if about_consent
                    else "it is ignored"
                ),
                "consent" if about_consent else "registry",
                line_of(entry, str(key)),
            )
        return found

    def duplicates(self, entry: Any, where: str, person: bool = False) -> bool:
        """Report keys written twice in one mapping; True when there were any.

        In a person's entry this makes them anonymous: which of the two
        values was meant (an empty ``withdrawn:`` after a date?) is unknown.
        """
        repeated = getattr(entry, "duplicates", [])
        for key, line in repeated:
            self.problem(
                f"key {key!r} is written twice in {where}; only one value is "
                "allowed" + (", so the person is shown as anonymous" if person else ""),
                "consent" if person else "registry",
                line,
            )
        return bool(repeated)

    def entries(self, data: Any, key: str) -> list[tuple[str | None, Any, int | None]]:
        """Entries of ``people`` or ``groups``, each with its id key (when
        keyed by id) and its line: a list, or a mapping keyed by id.  An entry
        written as plain text has no line of its own: it gets its key's line,
        or the list's."""
        section = data.get(key)
        if section is None:
            return []
        if isinstance(section, list):
            around = line_of(data, key)
            return [(None, item, line_of(item) or around) for item in section]
        if isinstance(section, dict):
            return [
                (ident, item, line_of(section, ident))
                for ident, item in section.items()
            ]
        self.problem(
            f"'{key}' must be a list of entries or a mapping keyed by id",
            "registry",
            line_of(data, key),
        )
        return []

    # -- values -----------------------------------------------------------

    def text(self, entry: Any, key: str) -> str | None:
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return self.cleaned(str(value)) or None
        self.problem(f"'{key}' must be text", "registry", line_of(entry, key))
        return None

    def cleaned(self, value: str) -> str:
        """*value* as typed, without invisible characters.  Where an override
        drew it backwards ("\u202enahK arimA" shows as "Amira Khan"), the
        form a reader saw is kept too, to be hidden: the typed form matches
        git, the seen one what people read."""
        typed = strip_invisible(value).strip()
        if has_override(value):
            seen = strip_invisible(seen_order(value)).strip()
            if seen != typed:
                self.seen.append(seen)
        return typed

    def orcid(self, entry: Any) -> str | None:
        value = self.text(entry, "orcid")
        address = orcid_address(value) if value else None
        if value and address is None:
            self.problem(
                "'orcid' is not an ORCID iD (https://orcid.org/0000-0000-0000-0000, "
                "with a last character that matches); it is left out of citations",
                "registry",
                line_of(entry, "orcid"),
            )
        return address

    def text_list(self, entry: Any, key: str) -> tuple[str, ...]:
        value = entry.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(self.cleaned(v) for v in value if v.strip())
        self.problem(
            f"'{key}' must be a list of text items", "registry", line_of(entry, key)
        )
        return ()

    def ident(
        self, key_id: str | None, entry: Any, kind: str, line: int | None
    ) -> str | None:
        if not isinstance(entry, dict):
            self.problem(f"each {kind} must be a mapping", "registry", line)
            return None
        ident = entry.get("id", key_id)
        if isinstance(ident, int) and not isinstance(ident, bool):
            ident = str(ident)
        if not isinstance(ident, str) or not strip_invisible(ident).strip():
            self.problem(
                f"a {kind} has no 'id'; it is ignored", "registry", line_of(entry)
            )
            return None
        return strip_invisible(ident).strip()

    # -- consent ------------------------------------------------------------

    def consent(self, entry: Any, who: str, misspelt: bool) -> Consent:
        """The consent block, failing closed on anything unclear."""
        raw = entry.get("consent")
        if raw is None:
            return Consent(unclear=misspelt)
        if not isinstance(raw, dict):
            self.consent_problem(
                who,
                "consent must be a mapping (given, scope, recorded-by, review, "
                "withdrawn)",
                line_of(entry, "consent"),
            )
            return Consent(unclear=True)
        unclear = misspelt
        if self.duplicates(raw, f"the consent of {who!r}", person=True):
            unclear = True
        for key in getattr(raw, "retagged", []):
            self.consent_problem(
                who,
                f"{key!r} has a tag (such as !!null) that changes what it says",
                line_of(raw, key),
            )
            unclear = True
        if self.unknown_keys(raw, CONSENT_KEYS, f"the consent of {who!r}", ()):
            unclear = True
        scope, readable = self.scope(raw, who)
        unclear = unclear or not readable
        given = self.given(raw, who)
        withdrawn, withdrawal_unclear = self.withdrawn(raw, who)
        return Consent(
            given=given,
            scope=scope,
            recorded_by=self.text(raw, "recorded-by"),
            review=self.review(raw, who, given is not None and withdrawn is None),
            withdrawn=withdrawn,
            unclear=unclear or withdrawal_unclear,
        )

    def scope(self, raw: Any, who: str) -> tuple[tuple[str, ...], bool]:
        """The consent scope, and whether it could be read: a scope that is
        not a list of known items covers nothing (it must never widen)."""
        value = raw.get("scope")
        if value is None:
            return (), True
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            self.consent_problem(
                who,
                "'scope' must be a list of: " + ", ".join(SCOPE_ITEMS),
                line_of(raw, "scope"),
            )
            return (), False
        unknown = [item for item in items if item not in SCOPE_ITEMS]
        for item in unknown:
            self.consent_problem(
                who,
                f"scope item {shown(item)} is not one of {', '.join(SCOPE_ITEMS)}",
                line_of(raw, "scope"),
            )
        return tuple(i for i in items if i in SCOPE_ITEMS), not unknown

    def consent_problem(self, who: str, message: str, line: int | None) -> None:
        self.problem(
            f"consent of {who!r}: {message}; shown as anonymous", "consent", line
        )

    def given(self, raw: Any, who: str) -> date | None:
        value = raw.get("given")
        if value is None:
            return None
        line = line_of(raw, "given")
        try:
            given = parse_iso_date(value)
        except ValueError as exc:
            self.consent_problem(who, not_a_date("given", value, exc), line)
            return None
        if given > today():
            self.consent_problem(
                who, f"'given' is {given.isoformat()}, a date still to come", line
            )
            return None
        return given

    def withdrawn(self, raw: Any, who: str) -> tuple[date | None, bool]:
        """The withdrawal date, and whether the field was unclear."""
        if "withdrawn" not in raw or raw["withdrawn"] is None:
            return None, False
        value = raw["withdrawn"]
        try:
            return parse_iso_date(value), False
        except ValueError:
            self.consent_problem(
                who,
                f"'withdrawn' is {shown(value)}, not a date (write the day consent was "
                "withdrawn, for example withdrawn: 2026-05-01, or leave it out "
                "while consent stands)",
                line_of(raw, "withdrawn"),
            )
            return None, True

    def review(self, raw: Any, who: str, active: bool) -> date | None:
        value = raw.get("review")
        if value is None:
            return None
        try:
            review = parse_iso_date(value)
        except ValueError as exc:
            self.problem(
                f"consent of {who!r}: {not_a_date('review', value, exc)}",
                "date",
                line_of(raw, "review"),
            )
            return None
        if active and review < today():
            self.problem(
                f"consent of {who!r} was due for review on {review.isoformat()}: "
                "ask them again how they want to be named, and record the new "
                "review date",
                "consent-review",
                line_of(raw, "review"),
            )
        return review

    # -- entries ------------------------------------------------------------

    def person(self, key_id: str | None, entry: Any, line: int | None) -> Person | None:
        ident = self.ident(key_id, entry, "person", line)
        if ident is None:
            return None
        where = f"person {ident!r}"
        repeated = self.duplicates(entry, where, person=True)
        unknown = self.unknown_keys(entry, PERSON_KEYS, where, CONSENT_KEYS)
        misspelt = repeated or any(looks_like_consent(key) for key in unknown)
        person = Person(
            id=ident,
            name=self.text(entry, "name"),
            display=self.display(entry, ident),
            pseudonym=self.text(entry, "pseudonym"),
            groups=self.text_list(entry, "groups"),
            roles=self.text_list(entry, "roles"),
            git=self.text_list(entry, "git"),
            consent=self.consent(entry, ident, misspelt),
            line=line_of(entry),
            given_names=self.text(entry, "given-names"),
            family_names=self.text(entry, "family-names"),
            orcid=self.orcid(entry),
        )
        self.check_display(person, entry)
        self.groups_lines[ident] = line_of(entry, "groups")
        for role in person.roles:
            if role not in self.known_roles:
                hint = did_you_mean(role, self.known_roles)
                self.problem(
                    f"unknown role {role!r} for {ident!r}"
                    + (f" (did you mean {hint!r}?)" if hint else ""),
                    "unknown-role",
                    line_of(entry, "roles"),
                )
        return person

    def display(self, entry: Any, ident: str) -> str:
        display = entry.get("display")
        if display is None:
            self.problem(
                f"{ident!r} has no 'display' (one of {', '.join(DISPLAY_MODES)}); "
                "shown as anonymous",
                "display",
                line_of(entry),
            )
            return "anonymous"
        if isinstance(display, str) and display.strip().casefold() in DISPLAY_MODES:
            return display.strip().casefold()  # "Pseudonym": the choice is clear
        if display not in DISPLAY_MODES:
            hint = did_you_mean(str(display), DISPLAY_MODES)
            self.problem(
                f"the display of {ident!r} is {shown(display)}, not one of "
                f"{', '.join(DISPLAY_MODES)}"
                + (f" (did you mean {hint!r}?)" if hint else "")
                + "; shown as anonymous",
                "display",
                line_of(entry, "display"),
            )
            return "anonymous"
        return str(display)

    def check_display(self, person: Person, entry: Any) -> None:
        needs = {"name": person.name, "pseudonym": person.pseudonym}
        if person.display in needs and not needs[person.display]:
            self.problem(
                f"{person.id!r} has display {person.display!r} but no "
                f"{person.display}; shown as anonymous",
                "display",
                line_of(entry, "display"),
            )
        if person.display == "group-only" and not person.groups:
            self.problem(
                f"{person.id!r} has display 'group-only' but no groups; shown "
                "as anonymous",
                "display",
                line_of(entry, "display"),
            )
        scope_item = {
            "name": "name",
            "pseudonym": "pseudonym",
            "group-only": "groups",
        }.get(person.display, "")
        consent = person.consent
        if consent.active and scope_item and not consent.covers(scope_item):
            self.problem(
                f"consent scope of {person.id!r} does not include {scope_item!r}, "
                f"needed for display {person.display!r}; shown as anonymous",
                "consent",
                line_of(entry.get("consent"), "scope") or line_of(entry, "consent"),
            )

    def group(self, key_id: str | None, entry: Any, line: int | None) -> Group | None:
        if key_id is not None and isinstance(entry, str):  # ``panel: Tenants' panel``
            entry = LineMap.at({"name": entry}, line)
        ident = self.ident(key_id, entry, "group", line)
        if ident is None:
            return None
        self.duplicates(entry, f"group {ident!r}")
        self.unknown_keys(entry, GROUP_KEYS, f"group {ident!r}", ())
        return Group(ident, self.text(entry, "name") or ident, line_of(entry))


def load_registry(
    path: Path, known_roles: Iterable[str]
) -> tuple[Registry, list[Problem]]:
    """Read the registry at *path*; never raises for bad content.

    Problems are returned, not logged, so the caller decides where they are
    reported (Sphinx warnings for a build, findings for ``coprodoc check``).
    A file that cannot be read at all gives an empty registry that still
    "exists": every id is then unknown, and nobody is named.
    """
    if not path.is_file():
        return Registry(path=path, exists=False), []
    raw = path.read_bytes()
    digest = sha256(raw).hexdigest()
    text = raw.decode("utf-8", "replace")
    empty = Registry(
        path=path,
        exists=True,
        digest=digest,
        readable=False,
        withheld=tuple(names_written(text)),
    )
    try:
        data = load_yaml(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return empty, [Problem(_PREFIX + "the file is not UTF-8 text", "registry", 1)]
    except YamlProblem as exc:
        message = (
            f"{_PREFIX}{exc.message}. Until it is fixed the registry cannot be "
            "read: nobody in it is named, and ids in pages are not checked"
        )
        return empty, [Problem(message, "registry", exc.line)]
    if data is None:
        data = LineMap()
    if not isinstance(data, dict):
        message = f"{_PREFIX}the file must be a mapping with 'people' and 'groups'"
        return empty, [Problem(message, "registry", 1)]
    loader = _Loader(known_roles)
    loader.duplicates(data, "the registry")
    loader.unknown_keys(data, TOP_KEYS, "the registry", ())
    registry = _assemble(loader, data, path, digest)
    _no_names_of_dropped_entries(loader, registry, names_written(text))
    shown = {
        fold(registry.shown(ident).text)
        for ident in [*registry.people, *registry.groups]
        if registry.shown(ident).kind in ("name", "pseudonym", "group")
    }
    # the parts of a name that is shown are not withheld ("Amira" of Amira
    # Khan, who is named: her `given-names`)
    for person in registry:
        if registry.shown_by_name(person):
            parts = [person.given_names, person.family_names, *person.git]
            shown.update(fold(part) for part in parts if part and "@" not in part)
    registry.withheld = tuple(
        name for name in [*names_written(text), *loader.seen] if fold(name) not in shown
    )
    registry.shared_git = _shared_git(loader, registry)
    return registry, loader.problems


def _assemble(loader: _Loader, data: Any, path: Path, digest: str) -> Registry:
    """People and groups with cross-checks: clashing ids, unknown groups."""
    groups = _unique(
        (loader.group(*entry) for entry in loader.entries(data, "groups")), loader
    )
    people = _unique(
        (loader.person(*entry) for entry in loader.entries(data, "people")), loader
    )
    clash = {p.id for p in people} & {g.id for g in groups}
    for person in people:
        if person.id in clash:
            loader.problem(
                f"id {person.id!r} is used by a person and a group",
                "duplicate-id",
                person.line,
            )
    group_ids = {g.id for g in groups}
    for person in people:
        for group_id in person.groups:
            if group_id not in group_ids:
                hint = did_you_mean(group_id, group_ids)
                loader.problem(
                    f"{person.id!r} belongs to unknown group {group_id!r}"
                    + (f" (did you mean {hint!r}?)" if hint else ""),
                    "unknown-person",
                    loader.groups_lines.get(person.id) or person.line,
                )
    registry = Registry(
        (p for p in people if p.id not in clash), groups, path, True, digest
    )
    _no_borrowed_names(loader, registry)
    _no_addresses_shown(loader, registry)
    for person in registry:
        if id_reveals_name(registry, person):
            loader.problem(
                f"id {person.id!r} contains part of the name of a person who is "
                "not shown by name; ids appear in page sources and the search "
                f"index, so use an opaque id such as {_unused_id(registry, 'p')!r}",
                "identifying-id",
                person.line,
            )
    return registry


def _no_borrowed_names(loader: _Loader, registry: Registry) -> None:
    """A pseudonym or a group's name that could be the name of someone who
    is not shown by name would publish it: "Zofia Wiśniewska" chosen as a
    pseudonym by p05 while p01, Zofia Wiśniewska, has withdrawn, or a group
    called "Zofia's circle".  Such a person is shown as anonymous and such a
    group as "Unnamed group" until the registry changes, with a warning.
    Judged as git authors are, eagerly
    (:class:`~coprodoc.history.identity.HiddenNames`); a group's name only
    if it also holds a part of the name that is not an everyday word, or
    the whole name ("Young people's panel" is not Grace Young's)."""
    # imported here: coprodoc.history.identity itself reads registries
    from coprodoc.history.identity import HiddenNames

    hidden = [
        (person.id, HiddenNames(_real_names(person)))
        for person in registry.hidden_people()
    ]
    for person in list(registry):
        if registry.effective_display(person) != "pseudonym":
            continue
        pseudonym = person.pseudonym or ""
        if any(
            other != person.id and names.matches(pseudonym, "")
            for other, names in hidden
        ):
            registry.people[person.id] = person._replace(display="anonymous")
            loader.problem(
                f"the pseudonym of {person.id!r} could be the name of someone "
                "else who is not shown by name; until it is changed, "
                f"{person.id!r} is shown as anonymous",
                "registry",
                person.line,
            )
    _no_names_for_groups(
        loader, registry, [_real_names(person) for person in registry.hidden_people()]
    )


def _unused_id(registry: Registry, prefix: str) -> str:
    """An opaque id no entry has yet ("p07" when p01 to p06 are taken)."""
    taken = {*registry.people, *registry.groups}
    return next(
        ident
        for number in range(1, len(taken) + 2)
        if (ident := f"{prefix}{number:02d}") not in taken
    )


def _no_addresses_shown(loader: _Loader, registry: Registry) -> None:
    """An email address is never published, even one written as a person's
    name, pseudonym or a group's name (``name: jo.bloggs@example.org``):
    such a person is shown as anonymous, such a group as "Unnamed group",
    until the registry changes, with a warning that does not repeat it."""
    # imported here: coprodoc.people itself reads registries
    from coprodoc.people import is_address

    for person in list(registry):
        display = registry.effective_display(person)
        parts = {"given-names": person.given_names, "family-names": person.family_names}
        for key, text in parts.items():
            if text and _looks_like_address(text, is_address):
                person = person._replace(given_names=None, family_names=None)
                registry.people[person.id] = person
                loader.problem(
                    f"the {key} of {person.id!r} is an email address, which is "
                    "never published; the citation files leave the names out "
                    "until it is changed",
                    "registry",
                    person.line,
                )
                break
        shown_as = {"name": person.name, "pseudonym": person.pseudonym}.get(display)
        if shown_as and _looks_like_address(shown_as, is_address):
            registry.people[person.id] = person._replace(display="anonymous")
            loader.problem(
                f"the {display} of {person.id!r} is an email address, which is "
                f"never published; until it is changed, {person.id!r} is shown "
                "as anonymous",
                "registry",
                person.line,
            )
    for group in list(registry.groups.values()):
        if _looks_like_address(group.name, is_address):
            _unname(
                loader, registry, group, "is an email address, which is never published"
            )


#: A name is no place for "x at host.org", even without the dot or digit
#: that prose needs before it is taken for an address ("look at example.com").
_AT_HOST = compile_later(
    r"\S\s*[\[({<]?\s*\bat\b\s*[\])}>]?\s*[\w-]+(?:\.[\w-]+)+", re.I
)


def _looks_like_address(text: str, is_address: Callable[[str], bool]) -> bool:
    """Whether *text* is an address, also once entities and %-escapes are
    read ("lee&#64;example.org")."""
    forms = {text, html.unescape(text), unquote(html.unescape(text))}
    return any(is_address(form) or _AT_HOST.search(form) for form in forms)


def _unname(loader: _Loader, registry: Registry, group: Group, why: str) -> None:
    """Show *group* as "Unnamed group" until its name changes, saying *why*."""
    registry.groups[group.id] = group._replace(name="")
    loader.problem(
        f"the name of group {group.id!r} {why}; until it is changed, the group "
        "is shown as 'Unnamed group'",
        "registry",
        group.line,
    )


def _no_names_of_dropped_entries(
    loader: _Loader, registry: Registry, written: list[str]
) -> None:
    """Names written in entries that could not be used (no id, an id a
    group has) are never shown: nor as a group's name."""
    used = {fold(group.name) for group in registry.groups.values()}
    for person in registry:
        used.update(fold(name) for name in _real_names(person))
        used.add(fold(person.pseudonym or ""))
    dropped = [name for name in written if fold(name) not in used]
    if dropped:  # names only: a group renamed already left its old name here
        _no_names_for_groups(loader, registry, [dropped], ids=False)


def _no_names_for_groups(
    loader: _Loader, registry: Registry, people: list[list[str]], ids: bool = True
) -> None:
    """Groups named (or with ids) after someone who is not shown by name,
    each of *people* given by their names: see :func:`_no_borrowed_names`."""
    # imported here: coprodoc.history.identity itself reads registries
    from coprodoc.history.identity import HiddenNames

    hidden = [(HiddenNames(names), _distinctive_parts(names)) for names in people]

    def names_someone(text: str) -> bool:
        words = _words(text)
        return any(
            names.matches(text, "") and distinctive(words)
            for names, distinctive in hidden
        )

    for group in list(registry.groups.values()):
        if names_someone(group.name):
            why = "could be the name of someone who is not shown by name"
            _unname(loader, registry, group, why)
        if ids and names_someone(group.id):
            loader.problem(  # as for people's ids (id_reveals_name)
                f"group id {group.id!r} could be the name of someone who is "
                "not shown by name; ids appear in page sources and the search "
                f"index, so use an opaque id such as {_unused_id(registry, 'g')!r}",
                "identifying-id",
                group.line,
            )


def _words(text: str) -> list[str]:
    """*text* folded (lower case, no accents) and split into words."""
    return [word for word in re.split(r"[^0-9a-z]+", fold(text)) if word]


def _distinctive_parts(names: list[str]) -> Callable[[list[str]], bool]:
    """Whether words hold a part of one of *names* that is not an everyday
    word, or one of *names* whole."""
    whole = [_words(name) for name in names]
    rare = {part for parts in whole for part in parts if not is_common(part)}

    def found(words: list[str]) -> bool:
        # "zofias-circle": a longer part may have an ending ("Dev" must not
        # find "developers")
        if any(
            word == part or (len(part) >= 4 and word.startswith(part))
            for word in words
            for part in rare
        ):
            return True
        joined = f" {' '.join(words)} "
        return any(parts and f" {' '.join(parts)} " in joined for parts in whole)

    return found


def _real_names(person: Person) -> list[str]:
    names = [person.name or "", person.given_names or "", person.family_names or ""]
    names += [entry for entry in person.git if "@" not in entry]
    return [name for name in names if name.strip()]


_NAME_KEY = compile_later(
    r"""(?:^|[{,\s-])["']?([A-Za-z_-]*(?:name|alias)[A-Za-z_-]*|pseudonym|git)["']?"""
    r"""\s*:\s*(.*)$""",
    re.IGNORECASE,
)
_FLOW_ITEM = compile_later(r"""["']?([^"',\[\]{}]+)["']?""")


def _values(text: str) -> list[str]:
    """The values written after a key: one, or a [flow, list]."""
    text = text.split(" #", 1)[0].strip().rstrip(",}").strip()
    if text.startswith("["):
        return [m.group(1).strip() for m in _FLOW_ITEM.finditer(text.strip("[]"))]
    return [text.strip("\"'")]


def _block(lines: list[str], indent: int) -> list[str]:
    """The values of a block list or block scalar under a key at *indent*."""
    found: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip())
        item = line.lstrip().startswith("- ")
        if depth < indent or (depth == indent and not item):
            break
        found += _values(line.strip().removeprefix("- ").strip())
    return found


def names_written(text: str) -> list[str]:
    """Every name written in the registry file, read as plain text.

    Used only to hide: when an entry is dropped (no id, a clashing id, a
    repeated ``people:``), a key is misspelt (``Name:``, ``full_name:``), or
    the file cannot be read at all, the names it holds must still never be
    shown, and must be redacted from commit text.  Any key with "name" or
    "alias" in it counts, as do ``pseudonym`` and ``git`` (but not emails),
    written plainly, quoted (JSON too), as a flow list, as a block list, or
    as a ``>``/``|`` block scalar.
    """
    found: list[str] = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        for match in _NAME_KEY.finditer(line):
            value = match.group(2).strip()
            if value and value[0] not in "|>":
                found += _values(value)
                continue
            found += _block(lines[number + 1 :], len(line) - len(line.lstrip()))
    return [name for name in found if name and "@" not in name and len(name) > 1]


def _shared_git(loader: _Loader, registry: Registry) -> frozenset[str]:
    """``git:`` entries two people claim: reported, and credited to no one
    (which of them made the change cannot be known)."""
    owners: dict[str, list[str]] = {}
    for person in registry:
        for entry in person.git:
            owners.setdefault(fold(entry), []).append(person.id)
    shared = {entry: ids for entry, ids in owners.items() if len(set(ids)) > 1}
    for _entry, ids in sorted(shared.items()):
        # The entry itself (an email, a name) is not repeated in the warning:
        # warnings end up in CI logs and in `coprodoc check` output.
        loader.problem(
            f"one of the git identities of {ids[-1]!r} is also listed for "
            f"{', '.join(map(repr, sorted(set(ids[:-1]))))}; changes made with "
            "it are credited to none of them",
            "duplicate-id",
            registry.people[ids[-1]].line,
        )
    return frozenset(shared)


def id_reveals_name(registry: Registry, person: Person) -> bool:
    """Whether *person*'s id gives away their name, hidden pseudonym or a
    name they use in git.

    Short names count ("li-wu", "liwu" and "wuli" all give away "Li Wu"), so
    do the start of a name ("zeb" for Zebedee, "jono" for Jonathan) and the
    initial with the surname ("zquarter").  A part of two letters must be a
    whole part of the id; longer ones may be anywhere in it.
    """
    if registry.shown_by_name(person):
        return False
    secrets = [person.name or "", *(g for g in person.git if "@" not in g)]
    if registry.effective_display(person) != "pseudonym":
        secrets.append(person.pseudonym or "")
    id_parts = _words(person.id)
    joined = "".join(id_parts)
    return any(_reveals(_words(secret), id_parts, joined) for secret in secrets)


def _reveals(words: list[str], id_parts: list[str], joined: str) -> bool:
    if not words:
        return False
    forms = {"".join(words), "".join(reversed(words))}
    if len(words) >= 2 and len(words[-1]) >= 2:
        forms.add(words[0][0] + words[-1][:4])
    if any(len(form) >= 3 and form in joined for form in forms):
        return True
    for word in words:
        if len(word) >= 2 and word in id_parts:
            return True
        if len(word) >= 3 and word in joined:
            return True
        if len(word) >= 4 and word[:3] in id_parts:
            return True
        if len(word) >= 4 and any(part.startswith(word[:3]) for part in id_parts):
            return True
    return False


def _unique(entries: Iterable[_Entry | None], loader: _Loader) -> list[_Entry]:
    """Keep the first entry of each id; later ones are reported and dropped."""
    seen: dict[str, _Entry] = {}
    for entry in entries:
        if entry is None:
            continue
        if entry.id in seen:
            loader.problem(
                f"duplicate id {entry.id!r} (first used on line "
                f"{seen[entry.id].line}); this entry is ignored",
                "duplicate-id",
                entry.line,
            )
            continue
        seen[entry.id] = entry
    return list(seen.values())
