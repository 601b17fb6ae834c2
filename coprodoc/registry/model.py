"""The registry's people and groups, and how each id may be shown.

The registry is the only place where real names live.  Sources refer to people
by opaque ids; names are resolved when pages are written, so they never reach
the pickled environment, and a person without active consent is never named.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

from coprodoc.locale import _
from coprodoc.logs import Subtype
from coprodoc.patterns import compile_later

#: The id sources may use for a person who is not named at all.
ANONYMOUS = "anonymous"
#: One id in a list of ids (or of roles, or statuses), as sources write
#: them: separated by commas, spaces, or a ";" or "&" before a space, perhaps
#: as a YAML list ("[a, b]", '["a", "b"]', in MyST's ``---`` block).  Inside
#: an id, "&" and ";" stay ("r&d", an address), as does an apostrophe
#: between letters ("o'neil").
ID_TOKEN = compile_later(
    r"(?:[^\s,;&\[\]\"'\u201c\u201d\u2018\u2019]"
    r"|[;&](?=[^\s,;&\[\]])|(?<=\w)['\u2019](?=\w))+"
)
DISPLAY_MODES = ("name", "pseudonym", "group-only", "anonymous")
SCOPE_ITEMS = ("name", "pseudonym", "groups", "roles")


class Problem(NamedTuple):
    """Something wrong in the registry file, with the line it is on."""

    message: str
    subtype: Subtype
    line: int | None


class Consent(NamedTuple):
    """What a person agreed to, and whether that agreement still stands."""

    given: date | None = None
    scope: tuple[str, ...] = ()
    #: who recorded the consent: for the registry's own readers, never
    #: published (it names a member of staff, who did not consent either)
    recorded_by: str | None = None
    review: date | None = None
    withdrawn: date | None = None
    #: something in the consent block could not be read with certainty (a
    #: misspelt key, an unreadable date, a repeated key): consent fails closed
    unclear: bool = False

    @property
    def active(self) -> bool:
        """Consent counts only when it was clearly given and not withdrawn."""
        return self.given is not None and self.withdrawn is None and not self.unclear

    def covers(self, item: str) -> bool:
        """An empty scope means consent covers the display the person chose."""
        return not self.scope or item in self.scope


class Person(NamedTuple):
    id: str
    name: str | None = None
    display: str = "anonymous"
    pseudonym: str | None = None
    groups: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    git: tuple[str, ...] = ()
    consent: Consent = Consent()
    line: int | None = None
    #: for citation files (CFF): never guessed from ``name``
    given_names: str | None = None
    family_names: str | None = None
    orcid: str | None = None


class Group(NamedTuple):
    id: str
    name: str
    line: int | None = None


def _group_name(group: Group) -> str:
    """A group's name; none when it could have named someone who is not
    shown by name (see ``registry.loader._no_borrowed_names``)."""
    return group.name or _("Unnamed group")


class Shown(NamedTuple):
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
        readable: bool = True,
        withheld: tuple[str, ...] = (),
        shared_git: frozenset[str] = frozenset(),
    ) -> None:
        self.people = {person.id: person for person in people}
        self.groups = {group.id: group for group in groups}
        self.path = path
        self.exists = exists
        self.digest = digest
        #: False when the file exists but could not be read at all: nobody
        #: is named, and ids are not reported as unknown one by one
        self.readable = readable
        #: names found in the file that belong to no one shown by them (an
        #: entry that was dropped, a file that could not be read): hidden
        #: wherever they appear, never shown
        self.withheld = withheld
        #: ``git:`` entries more than one person claims: credited to no one
        self.shared_git = shared_git

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
            return Shown(_group_name(self.groups[ident]), "group", ident)
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
            return Shown(_("A member of %s") % _group_name(group), "group", group.id)
        return Shown(_("Anonymous contributor"), "anonymous")

    def shown_by_name(self, person: Person) -> bool:
        """Whether readers may see *person*'s real name."""
        return self.effective_display(person) == "name"

    def hidden_people(self) -> list[Person]:
        """Everyone whose real name must never be published."""
        return [person for person in self if not self.shown_by_name(person)]

    def hidden_names(self) -> list[str]:
        """Every name that must never be published: of the people not shown
        by name (their names, git names, and pseudonyms not shown), and the
        names withheld from entries that could not be read."""
        names: list[str] = list(self.withheld)
        for person in self.hidden_people():
            names += [person.name or "", *(g for g in person.git if "@" not in g)]
            if self.effective_display(person) != "pseudonym":
                names.append(person.pseudonym or "")
            names += [person.given_names or "", person.family_names or ""]
        return [name for name in names if name.strip()]

    def __iter__(self) -> Iterator[Person]:
        return iter(self.people.values())
