"""Honest closure: whether a resolved dissent was confirmed, and by whom.

Any editor can set ``:status: resolved`` on someone else's dissent.  A
resolution counts as confirmed only when someone who raised the dissent
agreed, and the record says how we know:

- ``option``: ``:confirmed-by:`` names someone who raised it (a person in
  ``:by:``, or a member of a group in ``:by:``);
- ``facilitator``: ``:confirmed-via:`` names who confirmed it with them (the
  only way for an anonymous dissent, whose people cannot be named);
- ``git``: the change that set the status to ``resolved`` was written (or
  co-written, ``Co-authored-by:``) by someone who raised it.

Otherwise it is "marked resolved; not confirmed by the person who raised
it", on the page, in the register, in the record, and as a warning.

The git side (:mod:`coprodoc.history.closure`) runs after reading, in the
main process, only for pages that need it, and is kept in the environment
by HEAD: a build at the same commit asks git nothing, and after new commits
only the pages they touched are asked again.  Without git (not a
repository, ``coprodoc_history = False``) confirmation comes from the
options alone, silently: the history step has already said once that there
is no history, and a site that chose not to use git has nothing to warn
about.  In a shallow clone a change that is not found may be in the missing
history: the page and the warning say so, rather than blaming anyone.
"""

from __future__ import annotations

from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from coprodoc import gitrepo
from coprodoc.config import cache_folder, settings
from coprodoc.data import CoprodocData, DecisionRecord, DissentRecord, get_data
from coprodoc.history import background
from coprodoc.history.engine import repository_paths
from coprodoc.history.identity import Identities
from coprodoc.logs import warn
from coprodoc.registry import ANONYMOUS, Registry
from coprodoc.state import get_registry, to_write

if TYPE_CHECKING:
    # Loaded when a site has something to ask git about (see wanted_pages):
    # Sphinx loads coprodoc at the start of every build.
    from coprodoc.history.closure import Closing, PageFacts, QuestionChange, Wanted

#: How a resolution's confirmation is known (``through``).
THROUGH = ("option", "facilitator", "git")
#: What git could say about a resolution (``history``): the change was
#: found; not found (the status comes from uncommitted text); a shallow
#: clone (it may be in the missing history); no git; a dissent without a
#: ``:name:``, which git cannot find again.
HISTORY = ("found", "not-found", "shallow", "unavailable", "unnamed")


class Confirmation(NamedTuple):
    """Whether a dissent marked resolved was confirmed, and how we know."""

    confirmed: bool
    #: "option", "facilitator" or "git" (None when not confirmed)
    through: str | None
    #: who confirmed: ids (option) or identity keys (git); empty for "the
    #: person who raised it" (facilitator)
    people: tuple[str, ...]
    via: tuple[str, ...]
    date: str | None
    #: the change that set the status to resolved, when git found it
    closing: Closing | None
    history: str
    #: ``:confirmed-by:`` was given but names no one who raised it
    outsiders: bool = False


def raised_it(ident: str, by: tuple[str, ...], registry: Registry) -> bool:
    """Whether *ident* (a registry id) is among those who raised a dissent:
    named in ``:by:``, or a member of a group named there.  ``anonymous``
    is no one: an anonymous dissent is confirmed through a facilitator."""
    if ident == ANONYMOUS:
        return False
    if ident in by:
        return True
    person = registry.people.get(ident)
    return person is not None and bool(set(person.groups) & set(by))


def _git_history(
    record: DissentRecord, facts: PageFacts | None, git_read: bool
) -> tuple[Closing | None, str]:
    if not git_read:
        return None, "unavailable"
    if not record.name:
        return None, "unnamed"
    closing = facts.closing(record.name) if facts is not None else None
    if closing is not None:
        return closing, "found"
    return None, "shallow" if facts is not None and facts.shallow else "not-found"


def confirmation(
    record: DissentRecord, registry: Registry, data: CoprodocData
) -> Confirmation | None:
    """How the resolution of *record* was confirmed (None when the dissent
    is not marked resolved)."""
    if record.status != "resolved":
        return None
    closing, history = _git_history(
        record, data.closures.get(record.docname), data.closure_git
    )
    by_option = tuple(
        i for i in record.confirmed_by if raised_it(i, record.by, registry)
    )
    raisers = tuple(
        key
        for key in (closing.keys if closing else ())
        if key.startswith("p:") and raised_it(key[2:], record.by, registry)
    )
    if by_option:
        through, people = "option", by_option
    elif record.confirmed_via:
        through, people = "facilitator", ()
    elif raisers:
        through, people = "git", raisers
    else:
        through, people = None, ()
    return Confirmation(
        confirmed=through is not None,
        through=through,
        people=people,
        via=record.confirmed_via,
        date=record.confirmed,
        closing=closing,
        history=history,
        outsiders=bool(record.confirmed_by) and not by_option,
    )


def confirmation_of(
    env: BuildEnvironment, record: DissentRecord
) -> Confirmation | None:
    return confirmation(record, get_registry(env), get_data(env))


def question_changes(
    data: CoprodocData, record: DecisionRecord
) -> tuple[QuestionChange, ...]:
    """Changes to a decision's question after its date, newest first."""
    facts = data.closures.get(record.docname)
    if facts is None or not record.question or not record.date:
        return ()
    return facts.question_changes(_key(record.key))


# -- asking git, after reading ------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.split())


def wanted_pages(data: CoprodocData) -> dict[str, Wanted]:
    """The pages git is asked about, and what for (paths are filled in
    later): named dissents marked resolved, decisions with a question and a
    date."""
    dissents: dict[str, set[str]] = {}
    questions: dict[str, set[tuple[str, str]]] = {}
    for record in data.all_dissents():
        if record.status == "resolved" and record.name:
            dissents.setdefault(record.docname, set()).add(record.name)
    for decision in data.all_decisions():
        if decision.question and decision.date and _key(decision.key):
            questions.setdefault(decision.docname, set()).add(
                (_key(decision.key), decision.date)
            )
    if not (dissents or questions):
        return {}
    from coprodoc.history.closure import Wanted

    return {
        docname: Wanted(
            "",
            tuple(sorted(dissents.get(docname, ()))),
            tuple(sorted(questions.get(docname, ()))),
        )
        for docname in sorted(dissents.keys() | questions.keys())
    }


class Asker:
    """One build's questions to git about closures."""

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        self.app = app
        self.env = env
        self.data = get_data(env)

    def run(self) -> list[str]:
        """Bring ``data.closures`` up to date; return the pages whose facts
        changed."""
        data = self.data
        before = dict(data.closures)
        git_before = data.closure_git
        wanted = wanted_pages(data)
        resolved = any(d.status == "resolved" for d in data.all_dissents())
        status = self._status() if wanted or resolved else None
        data.closure_git = status is not None and status.head is not None
        if status is None or status.head is None or not wanted:
            data.closures.clear()
            data.closure_keys.clear()
            data.closure_head = None
        else:
            self._ask(status, wanted)
        changed = {
            docname
            for docname in before.keys() | data.closures.keys()
            if before.get(docname) != data.closures.get(docname)
        }
        if git_before != data.closure_git:
            changed |= data.dissents.keys()
        return sorted(changed)

    def _status(self) -> gitrepo.Status | None:
        if not settings(self.app).history:
            return None
        seen = background.seen(self.env)  # what the history step found
        if seen is not None:
            return seen.status
        try:
            return gitrepo.status(Path(self.app.srcdir))
        except gitrepo.GitError:
            return None  # the history step says so, once

    def _ask(self, status: gitrepo.Status, wanted: dict[str, Wanted]) -> None:
        data = self.data
        head = status.head
        assert head is not None
        root = status.root.resolve()
        relative = Path(self.app.srcdir).resolve().relative_to(root).as_posix()
        paths = repository_paths(self.env, relative, wanted)
        identities = self._identities(status)
        digest = self._settings_digest(status, identities)
        keys = {
            docname: sha256(repr((paths[docname], ask, digest)).encode()).hexdigest()
            for docname, ask in wanted.items()
        }
        kept = {d for d in wanted if data.closure_keys.get(d) == keys[d]}
        if kept and data.closure_head != head:
            touched = (
                gitrepo.touched_between(
                    root, data.closure_head, head, [paths[d] for d in kept]
                )
                if data.closure_head is not None
                else None
            )
            kept = {d for d in kept if touched is not None and paths[d] not in touched}
        from coprodoc.history.closure import Reader, Wanted

        reader = Reader(root, identities, status.boundary())
        for docname in sorted(wanted):
            if docname in kept and docname in data.closures:
                continue
            ask = wanted[docname]
            data.closures[docname] = reader.page(
                Wanted(paths[docname], ask.dissents, ask.questions)
            )
        for docname in set(data.closures) - set(wanted):
            del data.closures[docname]
        data.closure_keys = keys
        data.closure_head = head
        data.closure_git = True

    def _identities(self, status: gitrepo.Status) -> Identities:
        """Who is who, as the history step sees it: the registry (or no one
        from git, if it cannot be read), ``.mailmap``, bots, the site's
        secret for people who are not named."""
        config = settings(self.app)
        registry = get_registry(self.env)
        identities = Identities(
            registry,
            config.unknown_contributors if registry.readable else "count",
            config.bots,
        )
        kept = cache_folder(self.app) if config.cache_dir else None
        identities.secret = gitrepo.site_secret(status.git_dir, kept)
        identities.hide_mailmap_aliases(status.root)
        return identities

    def _settings_digest(self, status: gitrepo.Status, identities: Identities) -> str:
        mailmap = status.root / ".mailmap"
        return sha256(
            repr(
                [
                    get_registry(self.env).digest,
                    mailmap.read_text("utf-8", "replace") if mailmap.is_file() else "",
                    identities.unknown,
                    identities.bots,
                    sha256(identities.secret).hexdigest(),
                    status.shallow,
                ]
            ).encode()
        ).hexdigest()


def gather_closures(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (after the history step): ask git what it knows about
    resolutions and questions; the pages to write again, with the pages that
    show every page's records (registers, the record page), when it
    changed."""
    data = get_data(env)
    try:
        changed = Asker(app, env).run()
    except (gitrepo.GitError, OSError) as exc:
        warn(
            f"who marked dissents resolved, and whether questions changed, could "
            f"not be read from git ({exc}); confirmations come from the sources "
            "only",
            "git",
            None,
        )
        data.closures.clear()
        data.closure_keys.clear()
        data.closure_head = None
        data.closure_git = False
        changed = sorted(data.dissents.keys() | data.decisions.keys())
    if not changed:
        return []
    return to_write(env, {*changed, *data.dependent_pages, *data.history_pages})


def setup(app: Sphinx) -> None:
    # after the history step (priority 500), before the output check (900)
    app.connect("env-updated", gather_closures, priority=600)
