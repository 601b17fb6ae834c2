"""The record as one JSON-ready dictionary, derived from a build.

Everything a person is shown as passes through the registry's display and
consent rules first: a person who is not shown by name or pseudonym appears
as their group or as ``anonymous``, never by id, name or email.  The order of
every list is fixed (reading order, then position), so two builds of the same
commit give the same record.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sphinx.application import Sphinx

from coprodoc import __version__
from coprodoc.cleantext import strip_invisible
from coprodoc.closure import Confirmation, confirmation, question_changes
from coprodoc.config import settings
from coprodoc.data import (
    ContributionRecord,
    CoprodocData,
    DecisionRecord,
    DissentRecord,
    SectionHistory,
    SummaryRecord,
    get_data,
    reading_order,
)
from coprodoc.history.changes import change_list
from coprodoc.people import UNNAMED_REF, People, Seen
from coprodoc.registry import Registry
from coprodoc.registry.model import Person
from coprodoc.state import get_registry

#: Bumped when a field changes meaning or is removed (adding one is minor):
#: 1.1 added who confirmed a resolution, and a decision's question and chair.
SCHEMA_VERSION = "1.1"
#: The JSON Schema the record follows, shipped in the package.
SCHEMA_PATH = Path(__file__).parent / f"record-schema-{SCHEMA_VERSION}.json"


class Persons:
    """Who the record lists, and how: each id or identity key as
    :class:`~coprodoc.people.People` shows it, with the record's entry for
    them (kind, display, groups and roles, as far as consent allows)."""

    def __init__(self, registry: Registry, organisation: list[str], unknown: str):
        self.registry = registry
        self.people = People(registry, unknown)
        self.organisation = set(organisation)
        self.unknown = unknown
        self.seen: dict[str, dict[str, Any]] = {}

    def ref(self, ident: str) -> str:
        """The id the record uses for *ident*: its own, or ``anonymous``."""
        return self.git_ref(ident) or UNNAMED_REF

    def git_ref(self, key: str) -> str | None:
        """An id or git identity key as a record id; None for a git author
        who is not named (their share is counted, not listed)."""
        seen = self.people.of(key)
        if seen.ref is None:
            return None
        if seen.ref not in self.seen:
            self.seen[seen.ref] = self._entry(seen)
        return seen.ref

    def _entry(self, seen: Seen) -> dict[str, Any]:
        ref = seen.ref or UNNAMED_REF
        registry = self.registry
        person = registry.people.get(ref)
        groups: list[str] = []
        roles: list[str] = []
        display = None
        if seen.kind == "git":
            kind = "git"
        elif ref in registry.groups:
            kind, groups = "group", [ref]
        elif ref == UNNAMED_REF:
            kind = "anonymous"
        elif person is None:
            kind = "unregistered"
        else:
            kind = "person"
            display = registry.effective_display(person)
            if person.consent.covers("groups"):
                groups = [g for g in person.groups if g in registry.groups]
            if registry.roles_visible(person):
                roles = list(person.roles)
        entry = {
            "id": ref,
            "shown_as": seen.text if seen.text is not None else self.people.label(ref),
            "kind": kind,
            # how a person asked to be shown: name, pseudonym or group-only
            "display": display,
            "groups": groups,
            "roles": roles,
        }
        if person is not None and display == "name":
            entry.update(citation_names(person))
        return entry

    def outside(self, ident: str) -> bool:
        """Whether a registered person or group is outside the organisation
        (judged on the registry itself, so it holds for anonymous people too,
        without saying who they are).  Unregistered ids and git authors the
        registry does not know are not counted either way."""
        registry = self.registry
        if ident in registry.groups:
            return ident not in self.organisation
        person = registry.people.get(ident)
        if person is None:
            return False
        return not set(person.groups) & self.organisation

    def listing(self) -> list[dict[str, Any]]:
        return [self.seen[ref] for ref in sorted(self.seen)]


def citation_names(person: Person) -> dict[str, str]:
    """How a person shown by name is cited (CITATION.cff): only what the
    registry says (``given-names``, ``family-names``, ``orcid``), never split
    from their name.  Called only for people shown by name, so nobody else's
    name parts or ORCID iD are ever published."""
    fields = {
        "given_names": person.given_names,
        "family_names": person.family_names,
        "orcid": person.orcid,
    }
    return {key: value for key, value in fields.items() if value}


def repository_address(value: Any) -> str | None:
    """``coprodoc_repo_url`` as the record gives it: a plain web address,
    without any user name, password, query or fragment; None for link
    templates and when it is not set."""
    if not isinstance(value, str) or "{" in value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))


def _source(app: Sphinx) -> dict[str, Any]:
    """Which commit the sources were at, and whether the tree was clean."""
    from coprodoc import gitrepo

    srcdir = Path(app.srcdir)
    found: dict[str, Any] = {"commit": None, "dirty": None, "path": None}
    try:
        status = gitrepo.status(srcdir)
    except Exception:  # not a repository, or no git: the record says so
        return found
    root = status.root.resolve()
    relative = srcdir.resolve().relative_to(root).as_posix()
    found["path"] = relative
    found["commit"] = status.head
    if status.head is not None:
        try:
            found["dirty"] = bool(gitrepo.quick_diff(root, [relative]))
        except Exception:
            found["dirty"] = None
    return found


def _generated(app: Sphinx) -> str | None:
    if settings(app).reproducible_record:
        return None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), tz=UTC)
        if epoch and epoch.isascii() and epoch.isdigit()
        else datetime.now(tz=UTC)
    )
    return moment.replace(microsecond=0).isoformat()


def build_record(app: Sphinx) -> dict[str, Any]:
    """The whole record of the site *app* has just read."""
    env = app.env
    config = settings(app)
    data = get_data(env)
    persons = Persons(
        get_registry(env),
        list(config.organisation_groups),
        config.unknown_contributors,
    )
    changes = change_list(app) if config.history else []
    order = reading_order(env)
    documents = []
    commits_used: set[int] = set()
    for docname in sorted(env.found_docs, key=lambda d: (order.get(d, 1 << 30), d)):
        documents.append(_document(app, data, persons, docname, changes, commits_used))
    commits = [
        _commit(persons, changes[i], config.commit_subjects != "hidden")
        for i in sorted(commits_used, key=lambda i: (changes[i].date, changes[i].sha))  # type: ignore[union-attr]
        if changes[i] is not None
    ]
    protocol = config.disagreement_protocol
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "coprodoc_version": __version__,
        "generated": _generated(app),
        "project": {
            "name": app.config.project,
            "version": app.config.version or None,
            "language": app.config.language or "en",
            "repository": repository_address(config.repo_url),
        },
        "source": {**_source(app), **_history_state(data)},
        "disagreement_protocol": dict(protocol.raw) if protocol else None,
        "documents": documents,
        "commits": commits,
    }
    record["people"] = persons.listing()
    record["totals"] = totals(record, persons)
    record["roles"] = _roles_used(app, record)
    cleaned: dict[str, Any] = _without_invisible(record)
    return cleaned


def _without_invisible(value: Any) -> Any:
    """The record with bidirectional controls and zero-width characters
    taken out of every text: a file read by other tools (spreadsheets,
    citation managers) must show what it says."""
    if isinstance(value, str):
        return strip_invisible(value)
    if isinstance(value, list):
        return [_without_invisible(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_invisible(item) for key, item in value.items()}
    return value


def _roles_used(app: Sphinx, record: dict[str, Any]) -> dict[str, Any]:
    """What each role in the record means, with its CRediT and
    all-contributors equivalents, so the record explains itself."""
    used: set[str] = set()
    for person in record["people"]:
        used.update(person["roles"])
    used.update(record["totals"]["roles"])
    for document in record["documents"]:
        for section in document["sections"]:
            for entry in section["git_contributors"]:
                used.update(entry["roles"])
    vocabulary = settings(app.config).all_roles()
    return {
        role: {
            "label": str(vocabulary[role].label) if role in vocabulary else role,
            "credit": vocabulary[role].credit if role in vocabulary else None,
            "all_contributors": (
                list(vocabulary[role].all_contributors) if role in vocabulary else []
            ),
        }
        for role in sorted(used)
    }


def _history_state(data: CoprodocData) -> dict[str, Any]:
    statuses = set()
    for docname in data.history:
        statuses.add(data.history[docname].status)
    before = data.history.earliest_before()
    if not statuses or statuses == {"unavailable"}:
        state = "unavailable"
    elif before:
        state = "shallow"
    else:
        state = "complete"
    return {"history": state, "history_before": before}


def _document(
    app: Sphinx,
    data: CoprodocData,
    persons: Persons,
    docname: str,
    changes: Sequence[Any],
    commits_used: set[int],
) -> dict[str, Any]:
    env = app.env
    title = env.titles[docname].astext() if docname in env.titles else docname
    history = data.history.get(docname)
    sections = []
    for section_id, section_title, _line in data.sections.get(docname, []):
        git = history.section(section_id) if history else None
        sections.append(
            _section(data, persons, docname, section_id, section_title, git, changes)
        )
        if git is not None:
            commits_used.update(i for i in git.changes if 0 <= i < len(changes))
    return {
        "docname": docname,
        "title": title,
        "source": env.doc2path(docname, False).as_posix(),
        "history": history.status if history else "unavailable",
        "sections": sections,
    }


def _in(store: dict[str, list[Any]], docname: str, section_id: str) -> list[Any]:
    return [r for r in store.get(docname, []) if r.section_id == section_id]


def _git_people(
    persons: Persons, git: SectionHistory | None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The people git credits in a section (with share and roles), and how
    many are not named (with their share together)."""
    unnamed = {"count": 0, "share": 0.0}
    if git is None:
        return [], unnamed
    roles = dict(git.roles)
    listed: dict[str, dict[str, Any]] = {}
    for key, share in git.shares:
        ref = persons.git_ref(key)
        if ref is None:
            if persons.people.of(key).kind != "hidden":
                unnamed["count"] += 1
                unnamed["share"] += share
            continue
        entry = listed.setdefault(ref, {"person": ref, "share": 0.0, "roles": []})
        entry["share"] += share
        entry["roles"] += [r for r in roles.get(key, ()) if r not in entry["roles"]]
    for key, found in git.roles:
        ref = persons.git_ref(key)
        if ref is not None and ref not in listed:
            listed[ref] = {"person": ref, "share": 0.0, "roles": list(found)}
    unnamed["share"] = round(unnamed["share"], 4)
    people = [{**entry, "share": round(entry["share"], 4)} for entry in listed.values()]
    return people, unnamed


def _git_changes(
    git: SectionHistory | None, changes: Sequence[Any]
) -> tuple[list[str], dict[str, str] | None]:
    """The shas of the changes that own a section's lines, and its last one."""
    if git is None:
        return [], None
    known = [changes[i] for i in git.changes if 0 <= i < len(changes)]
    shas = [change.sha for change in known if change is not None]
    last_index = git.last_change
    last = (
        changes[last_index]
        if last_index is not None and 0 <= last_index < len(changes)
        else None
    )
    return shas, {"sha": last.sha, "date": last.date} if last is not None else None


def _section(
    data: CoprodocData,
    persons: Persons,
    docname: str,
    section_id: str,
    title: str,
    git: SectionHistory | None,
    changes: Sequence[Any],
) -> dict[str, Any]:
    here = {
        kind: _in(getattr(data, kind), docname, section_id)
        for kind in ("contributions", "dissents", "decisions", "summaries")
    }
    git_people, unnamed = _git_people(persons, git)
    commits, last = _git_changes(git, changes)
    # a summary's writers shaped the section as much as a contribution's
    raw = {
        i for kind in ("contributions", "summaries") for r in here[kind] for i in r.by
    }
    if git is not None:
        raw |= {key[2:] for key, share in git.shares if key.startswith("p:") and share}
    return {
        "id": section_id,
        "title": title,
        "contributions": [_contribution(persons, r) for r in here["contributions"]],
        "git_contributors": git_people,
        "unnamed_git_contributors": unnamed,
        "dissents": [_dissent(persons, data, r) for r in here["dissents"]],
        "decisions": [_decision(persons, data, r) for r in here["decisions"]],
        "summaries": [_summary(persons, r) for r in here["summaries"]],
        "commits": commits,
        "last_change": last,
        "uncommitted_changes": bool(git.uncommitted) if git is not None else False,
        "outside_contribution": any(persons.outside(i) for i in sorted(raw)),
        "outside_share": _outside_share(persons, git),
        "lists_records": data.is_listing(docname, section_id),
    }


def _outside_share(persons: Persons, git: SectionHistory | None) -> float | None:
    """The share of a section's attributed words written by people outside
    the organisation (judged on the registry, so anonymous people count
    without being named); None without git history."""
    if git is None or not git.shares:
        return None
    share = sum(
        value
        for key, value in git.shares
        if key.startswith("p:") and persons.outside(key[2:])
    )
    return round(min(share, 1.0), 4)


def _contribution(persons: Persons, record: ContributionRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "by": [persons.ref(i) for i in record.by],
        "roles": list(record.roles),
        "date": record.date,
        "via": record.via,
        "link": record.link,
        "text": record.text,
    }


def _dissent(
    persons: Persons, data: CoprodocData, record: DissentRecord
) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "by": [persons.ref(i) for i in record.by],
        "date": record.date,
        "status": record.status,
        "decision": record.decision,
        "review": record.review,
        "text": record.text,
        "responses": [
            {
                "id": response.id,
                "by": [persons.ref(i) for i in response.by],
                "date": response.date,
                "resolution": response.resolution,
                "text": response.text,
            }
            for response in record.responses
        ],
        "confirmed_by": [persons.ref(i) for i in record.confirmed_by],
        "confirmed": record.confirmed,
        "confirmed_via": [persons.ref(i) for i in record.confirmed_via],
        "closure": _closure(persons, confirmation(record, persons.registry, data)),
    }


def _closure(persons: Persons, found: Confirmation | None) -> dict[str, Any] | None:
    """How a resolution was confirmed, and who marked it resolved in git.

    The change is left out when it is a confirmation by someone who is not
    named: its author is in the repository, so publishing which change it
    was would say who raised the dissent.
    """
    if found is None:
        return None
    closing = found.closing
    marked: list[str] = []
    unnamed = 0
    for key in closing.keys if closing else ():
        ref = persons.git_ref(key)
        if ref is None:
            unnamed += 1
        elif ref not in marked:
            marked.append(ref)
    private = found.through == "git" and any(
        not persons.people.of(key).named for key in found.people
    )
    return {
        "confirmed": found.confirmed,
        "confirmed_through": found.through,
        "marked_resolved_by": marked,
        "unnamed_marked_resolved_by": unnamed,
        "change": (
            {"sha": closing.sha, "date": closing.date}
            if closing is not None and not private
            else None
        ),
        "history": found.history,
    }


def _decision(
    persons: Persons, data: CoprodocData, record: DecisionRecord
) -> dict[str, Any]:
    dissents = data.dissents_of(record.name) if record.name else []
    return {
        "id": record.id,
        "name": record.name,
        "title": record.title,
        "date": record.date,
        "status": record.status,
        "method": record.method,
        "counts": dict(record.votes),
        "deciders": [persons.ref(i) for i in record.deciders],
        "review": record.review,
        "supersedes": record.supersedes,
        "dissents": [d.id for d in dissents],
        "text": record.text,
        "question": record.question,
        "chair": [persons.ref(i) for i in record.chair],
        "question_changes": [
            {"sha": change.sha, "date": change.date}
            for change in question_changes(data, record)
        ],
    }


def _summary(persons: Persons, record: SummaryRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "format": record.format,
        "audience": record.audience,
        "by": [persons.ref(i) for i in record.by],
        "target_reading_age": record.target_age,
        "reading_age": record.reading_age,
        "grade": round(record.grade, 2) if record.grade is not None else None,
        "language": record.lang,
        "text": record.text,
    }


def _commit(persons: Persons, change: Any, subjects: bool) -> dict[str, Any]:
    credits = []
    unnamed = 0
    for key, role, share in change.credits:
        ref = persons.git_ref(key)
        if ref is None:
            unnamed += 1
            continue
        credits.append({"person": ref, "role": role, "author": bool(share)})
    return {
        "sha": change.sha,
        "date": change.date,
        "subject": change.subject if subjects else None,
        "pull_request": change.pr,
        "credits": credits,
        "unnamed_credits": unnamed,
    }


def _unconfirmed(section: dict[str, Any]) -> int:
    """The dissents in *section* marked resolved that no one who raised them
    confirmed."""
    return sum(
        1
        for item in section["dissents"]
        if item["closure"] and not item["closure"]["confirmed"]
    )


def totals(record: dict[str, Any], persons: Persons) -> dict[str, Any]:
    """Per person and per role: contributions, sections shaped, dissents."""
    per_person: dict[str, dict[str, Any]] = {}
    per_role: dict[str, int] = {}

    def person(ref: str) -> dict[str, Any]:
        return per_person.setdefault(
            ref,
            {
                "person": ref,
                "contributions": 0,
                "sections": set(),
                "dissents": 0,
                "roles": {},
            },
        )

    sections = 0
    flagged = 0
    unconfirmed = 0
    for document in record["documents"]:
        for section in document["sections"]:
            sections += 1
            flagged += not (section["outside_contribution"] or section["lists_records"])
            unconfirmed += _unconfirmed(section)
            where = f"{document['docname']}#{section['id']}"
            for item in section["contributions"]:
                for ref in item["by"]:
                    entry = person(ref)
                    entry["contributions"] += 1
                    entry["sections"].add(where)
                    for role in item["roles"]:
                        entry["roles"][role] = entry["roles"].get(role, 0) + 1
                for role in item["roles"]:
                    per_role[role] = per_role.get(role, 0) + 1
            for item in section["git_contributors"]:
                person(item["person"])["sections"].add(where)
            for item in section["summaries"]:
                for ref in item["by"]:
                    person(ref)["sections"].add(where)
            for item in section["dissents"]:
                for ref in item["by"]:
                    person(ref)["dissents"] += 1
    people = [
        {
            **entry,
            "sections": len(entry["sections"]),
            "roles": dict(sorted(entry["roles"].items())),
        }
        for _ref, entry in sorted(per_person.items())
    ]
    return {
        "sections": sections,
        "sections_without_outside_contribution": flagged,
        "unconfirmed_resolutions": unconfirmed,
        "people": people,
        "roles": dict(sorted(per_role.items())),
    }
