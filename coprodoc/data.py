"""The environment data model: records keyed by docname.

Everything here is pickled with the environment and merged back from ``-j``
read workers, so it holds ids, never names.  Each record belongs to exactly one
document; clearing and merging work per document, which is what keeps parallel
and incremental builds identical to a fresh serial build.
"""

# No ``from __future__ import annotations`` here, unlike the other modules:
# ``typing.NamedTuple`` compiles each field type written as a string, and
# this module's hundred fields took 1 to 4 ms of every build's start that
# way.  Names known only to the type checker are quoted.

import pickle
from collections.abc import Iterator, MutableMapping
from collections.abc import Set as AbstractSet
from hashlib import sha256
from secrets import token_hex
from typing import TYPE_CHECKING, Any, NamedTuple, cast

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from coprodoc.history.closure import PageFacts


from coprodoc.logs import Subtype
from coprodoc.picklecache import paused_gc

# The records are named tuples, not dataclasses: Sphinx loads coprodoc at the
# start of every build, and a frozen dataclass took seven times as long to
# define (benchmarks/README.md, "twelfth round"); tuples also pickle faster.
# Each record placed on a page starts with the same five fields, in this
# order (see ``collector.placement``): ``id``, ``docname``, ``line``,
# ``section_id`` and ``section_title``, its anchor and where it stands.


class ContributionRecord(NamedTuple):
    """One ``contribution`` directive, as the record and the registers see it."""

    id: str
    docname: str
    line: int | None
    section_id: str
    section_title: str
    by: tuple[str, ...]
    roles: tuple[str, ...]
    date: str | None
    via: str | None
    link: str | None
    text: str
    #: the ``:name:`` other pages link to it by
    name: str | None = None


class ResponseRecord(NamedTuple):
    """The group's answer to a dissent."""

    id: str
    line: int | None
    by: tuple[str, ...]
    date: str | None
    resolution: str
    text: str


class DissentRecord(NamedTuple):
    """One ``dissent`` directive: a position in the dissenter's own words."""

    id: str
    docname: str
    line: int | None
    section_id: str
    section_title: str
    name: str | None
    by: tuple[str, ...]
    date: str | None
    status: str
    decision: str | None
    review: str | None
    text: str
    responses: tuple[ResponseRecord, ...]
    #: who confirmed a resolution (``:confirmed-by:``), when (``:confirmed:``)
    #: and through whom, for an anonymous dissent (``:confirmed-via:``)
    confirmed_by: tuple[str, ...] = ()
    confirmed: str | None = None
    confirmed_via: tuple[str, ...] = ()


class DecisionRecord(NamedTuple):
    """One ``decision`` directive: what was decided, and how."""

    id: str
    docname: str
    line: int | None
    section_id: str
    section_title: str
    name: str | None
    title: str
    date: str | None
    status: str
    method: str | None
    votes: tuple[tuple[str, int], ...]
    deciders: tuple[str, ...]
    review: str | None
    supersedes: str | None
    text: str
    #: the wording put to the group, as given, and who chaired
    question: str | None = None
    chair: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """How git finds the decision again in other versions of its page
        (see :mod:`coprodoc.history.closure`)."""
        return self.name or self.title

    def tally(self, option: str) -> int | None:
        """The votes recorded for *option*, if the decision gives them."""
        return dict(self.votes).get(option)


class SummaryRecord(NamedTuple):
    """One ``plain-language`` summary and its measured reading level."""

    id: str
    docname: str
    line: int | None
    section_id: str
    section_title: str
    format: str
    audience: str | None
    by: tuple[str, ...]
    target_age: int
    #: None for a summary in another language (the formula is for English)
    reading_age: int | None
    grade: float | None
    text: str
    lang: str | None = None


#: a record placed on a page (see the comment above)
Placed = ContributionRecord | DissentRecord | DecisionRecord | SummaryRecord


class LanguageFinding(NamedTuple):
    """A plain-language finding, as its warning gives it, with the rule, the
    words matched and the suggestion (see ``language.check.all_findings``)."""

    docname: str
    line: int | None
    subtype: Subtype
    rule: str
    message: str
    match: str = ""
    suggestion: str | None = None


class AcronymUse(NamedTuple):
    """The first use of an acronym on a page, and how it was explained there."""

    docname: str
    line: int | None
    acronym: str
    explained: bool
    in_easy_read: bool


class Recorded(NamedTuple):
    """Lines that hold someone's recorded words, and whose they are."""

    first: int
    last: int
    #: identity keys (``p:<id>``) of the people the block names
    keys: tuple[str, ...]
    #: the role the words credit them with
    roles: tuple[str, ...]


class ChangeInfo(NamedTuple):
    """One change on the first-parent history, as pages show it.

    History records are named tuples, not dataclasses: there are thousands of
    them in a large site's environment, and tuples pickle ten times faster.

    ``credits`` are ``(key, role, shares)``: identity keys (see
    :mod:`coprodoc.history.identity`, never emails), the role the change gives
    them, and whether they share credit for its words (authors and
    co-authors) or are credited without a share (reviewers, testers...).
    """

    sha: str
    date: str
    #: the subject as it may be published (see coprodoc.history.redact)
    subject: str
    pr: int | None
    credits: tuple[tuple[str, str | None, bool], ...]
    #: what ``coprodoc check`` tells maintainers about the commit:
    #: "redacted" (its subject named someone, or held an email) and
    #: "names-hidden" (git records someone who is not shown by name)
    flags: tuple[str, ...] = ()


class SectionHistory(NamedTuple):
    """Who shaped the current text of one section, from git."""

    section_id: str
    #: (key, share of the section's attributed words), largest first
    shares: tuple[tuple[str, float], ...]
    #: (key, roles) for everyone credited, sharers and others
    roles: tuple[tuple[str, tuple[str, ...]], ...]
    #: changes that own lines of the section, newest first, as indices into
    #: the history's change list (ints pickle far smaller than shas)
    changes: tuple[int, ...]
    last_change: int | None
    uncommitted: bool
    #: in a shallow clone, the date before which history is missing
    before: str | None


class DocHistory(NamedTuple):
    """The history of one page's source file."""

    docname: str
    path: str
    #: "ok", "untracked" (not committed yet) or "unavailable" (no git)
    status: str
    note: str
    #: changes to the file, newest first (indices, see SectionHistory)
    changes: tuple[int, ...]
    sections: tuple[SectionHistory, ...]
    uncommitted: bool = False
    before: str | None = None
    #: with ``coprodoc_authorship_view``: who wrote each word, as runs per
    #: source line, ``(line, ((word count, author index), ...))``, and the
    #: authors the indices name (identity keys, or a marker: see
    #: :mod:`coprodoc.history.authorship`)
    authorship: tuple[tuple[int, tuple[tuple[int, int], ...]], ...] = ()
    authors: tuple[tuple[str, ...], ...] = ()

    def section(self, section_id: str) -> SectionHistory | None:
        return next((s for s in self.sections if s.section_id == section_id), None)


class HistoryStore(MutableMapping[str, DocHistory]):
    """Each page's :class:`DocHistory`, kept pickled until a page asks for it.

    Every build loads and saves the whole environment, but an incremental
    build writes only a page or two: keeping each history as one bytes object
    makes the environment load and save as if the histories were not there.
    The earliest shallow-clone boundary is kept unpacked (every build warns
    about it).
    """

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}
        self._before: dict[str, str] = {}
        #: the page last unpacked: writing a page asks for it once per section
        self._last: tuple[str, DocHistory] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"_packed": self._packed, "_before": self._before}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _last=None)

    def __getitem__(self, docname: str) -> DocHistory:
        if self._last is not None and self._last[0] == docname:
            return self._last[1]
        with paused_gc():  # a page's sections and shares: no cycles
            history = cast(DocHistory, pickle.loads(self._packed[docname]))
        self._last = (docname, history)
        return history

    def __setitem__(self, docname: str, history: DocHistory) -> None:
        self._last = None
        self._packed[docname] = pickle.dumps(history, pickle.HIGHEST_PROTOCOL)
        if history.before:
            self._before[docname] = history.before
        else:
            self._before.pop(docname, None)

    def __delitem__(self, docname: str) -> None:
        self._last = None
        del self._packed[docname]
        self._before.pop(docname, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def earliest_before(self) -> str | None:
        """In a shallow clone, the earliest date before which history is missing."""
        return min(self._before.values(), default=None)


#: The per-document record stores of :class:`CoprodocData` that dependent
#: pages show.
RECORD_KINDS = (
    "contributions",
    "dissents",
    "decisions",
    "summaries",
    "sections",
    "listings",
)


#: Requests remembered for output folders other builders write.
WRITE_LOG = 64
#: Every page, in :attr:`CoprodocData.write_log`.
ALL_PAGES = "*"


class CoprodocData:
    """All coprodoc records of one build environment.

    Written out, not a dataclass: this module loads in every build, and a
    dataclass of this size took 1.5 ms to define (it compiles its
    ``__init__``).  Compared and printed by no one.
    """

    def __init__(self) -> None:
        # Per page: cleared and merged page by page (see _stores, clear_doc).
        self.contributions: dict[str, list[ContributionRecord]] = {}
        self.dissents: dict[str, list[DissentRecord]] = {}
        self.decisions: dict[str, list[DecisionRecord]] = {}
        self.summaries: dict[str, list[SummaryRecord]] = {}
        #: (section id, title, title line) of every section, per document, in order
        self.sections: dict[str, list[tuple[str, str, int | None]]] = {}
        #: ids of the sections that show the site's own lists (registers, the
        #: contributors list, summary coverage, the record), per document: they
        #: are not policy text, so coverage and the record do not count them
        self.listings: dict[str, list[str]] = {}
        self.findings: dict[str, list[LanguageFinding]] = {}
        self.acronyms: dict[str, list[AcronymUse]] = {}
        #: git history per document, computed after reading (main process only)
        self.history: HistoryStore = HistoryStore()
        #: what each page's history was computed from: (path, file revision,
        #: uncommitted diff), to skip pages whose inputs did not change
        self.history_inputs: dict[str, tuple[str, int, str]] = {}
        #: lines of the directives and roles whose ids were names or addresses,
        #: hidden in the page's copied source (see :mod:`coprodoc.sourcecopy`)
        self.hidden_in_source: dict[str, list[int]] = {}
        #: person/group ids mentioned with the ``contributor`` role, per document
        self.mentions: dict[str, set[str]] = {}
        #: source line spans of recorded words (dissents, responses, and
        #: contributions and summaries with ``:by:``), per document: in git
        #: history, credited to the people they name, not whoever committed them
        self.recorded: dict[str, list[Recorded]] = {}
        #: documents whose output shows records of other documents (lists,
        #: registers, decisions listing dissents, links); rewritten on any change
        self.dependent_pages: set[str] = set()
        #: documents whose output also shows every page's git history (the
        #: contribution record); rewritten whenever any page's history changes
        self.history_pages: set[str] = set()
        #: documents whose output lists who shaped sections through git (the
        #: contributors list); rewritten whenever any page's history changes
        self.shaped_pages: set[str] = set()
        #: fingerprint of each page's records (see :meth:`note_digest`)
        self.record_digests: dict[str, str] = {}
        self._site_wide()

    def _site_wide(self) -> None:
        """What is worked out for the whole site, in the main process: not
        cleared or merged page by page."""
        #: the HEAD and settings key the histories were computed at
        self.history_head: tuple[str, str] | None = None
        #: fingerprint of the names commit subjects are redacted of
        self.redaction_digest: str = ""
        #: fingerprints of what the dependent and registry-dependent pages show
        self.records_digest: str = ""
        self.registry_digest: str | None = None
        #: changes whenever pages must be written again because of other pages
        #: (records, history, titles): an output folder written at another value
        #: missed that, when another builder sharing this environment took it
        #: (see :mod:`coprodoc.outputs`); random, so that a fresh environment's
        #: never matches an old folder's
        self.write_token: str = token_hex(8)
        #: the latest tokens, each with the pages asked for when it was made
        #: (:data:`ALL_PAGES` for every page), oldest first: what a folder
        #: written at an earlier token must write
        self.write_log: list[tuple[str, tuple[str, ...]]] = []
        #: fingerprint of the labelling rules the findings were made with
        self.rules_digest: str | None = None
        #: what git says about each page's resolved dissents and questions (see
        #: coprodoc.closure), worked out after reading, in the main process
        self.closures: dict[str, PageFacts] = {}
        #: what each page's closures were read for, and at which HEAD
        self.closure_keys: dict[str, str] = {}
        self.closure_head: str | None = None
        #: whether this build could ask git at all
        self.closure_git: bool = False

    def input_changed(self, name: str, digest: str) -> bool:
        """Whether an input's fingerprint (``registry_digest``,
        ``rules_digest``) differs from the last build's; stores the new one.
        A first build has nothing to compare with, so it is not a change."""
        before = getattr(self, name)
        setattr(self, name, digest)
        return before is not None and before != digest

    def _stores(self) -> Iterator[MutableMapping[str, Any]]:
        yield from (getattr(self, kind) for kind in RECORD_KINDS)
        yield self.mentions
        yield self.hidden_in_source
        yield self.recorded
        yield self.findings
        yield self.acronyms
        yield self.history
        yield self.history_inputs
        yield self.record_digests

    def note_write(self, pages: tuple[str, ...]) -> None:
        """Pages other pages' changes must be written again for."""
        self.write_token = token_hex(8)
        self.write_log = [*self.write_log[1 - WRITE_LOG :], (self.write_token, pages)]

    def missed_since(self, token: str | None) -> tuple[str, ...] | None:
        """The pages asked for since *token* (a folder's); None if it is not
        among the latest (every page, then)."""
        if token == self.write_token:
            return ()
        tokens = [made for made, _pages in self.write_log]
        if token not in tokens:
            return None
        later = self.write_log[tokens.index(token) + 1 :]
        pages = {page for _made, asked in later for page in asked}
        return None if ALL_PAGES in pages else tuple(sorted(pages))

    def clear_doc(self, docname: str) -> None:
        for store in self._stores():
            store.pop(docname, None)
        self.dependent_pages.discard(docname)
        self.history_pages.discard(docname)
        self.shaped_pages.discard(docname)

    def merge(self, docnames: AbstractSet[str], other: "CoprodocData") -> None:
        """Take over *other*'s records for *docnames* only (a ``-j`` worker's)."""
        for mine, theirs in zip(self._stores(), other._stores(), strict=True):
            for docname in docnames & theirs.keys():
                mine[docname] = theirs[docname]
        self.dependent_pages |= other.dependent_pages & docnames
        self.history_pages |= other.history_pages & docnames
        self.shaped_pages |= other.shaped_pages & docnames

    def is_listing(self, docname: str, section_id: str) -> bool:
        """Whether a section shows the site's own lists rather than policy
        text (see :attr:`listings`)."""
        return section_id in self.listings.get(docname, ())

    def _all(self, store: dict[str, list[Any]]) -> list[Any]:
        return [record for docname in sorted(store) for record in store[docname]]

    def all_contributions(self) -> list[ContributionRecord]:
        """Every contribution, in a stable order: by document, then position."""
        return self._all(self.contributions)

    def all_dissents(self) -> list[DissentRecord]:
        return self._all(self.dissents)

    def all_decisions(self) -> list[DecisionRecord]:
        return self._all(self.decisions)

    def decision_named(self, name: str) -> DecisionRecord | None:
        return self.decisions_by_name().get(name)

    def dissent_named(self, name: str) -> DissentRecord | None:
        return next((d for d in self.all_dissents() if d.name == name), None)

    def all_summaries(self) -> list[SummaryRecord]:
        return self._all(self.summaries)

    def all_findings(self) -> list[LanguageFinding]:
        return self._all(self.findings)

    def dissents_of(self, decision: str) -> list[DissentRecord]:
        return self.dissents_by_decision().get(decision, [])

    def decisions_by_name(self) -> dict[str, DecisionRecord]:
        """Named decisions (the first of each name), for lookups in a loop."""
        found: dict[str, DecisionRecord] = {}
        for record in self.all_decisions():
            if record.name:
                found.setdefault(record.name, record)
        return found

    def dissents_by_decision(self) -> dict[str, list[DissentRecord]]:
        """Dissents grouped by the decision they concern, in record order."""
        found: dict[str, list[DissentRecord]] = {}
        for record in self.all_dissents():
            if record.decision:
                found.setdefault(record.decision, []).append(record)
        return found

    def docs_using_coprodoc(self) -> set[str]:
        """Documents that name people by id (so depend on the registry)."""
        used: set[str] = set(self.mentions) | self.dependent_pages
        for store in (self.contributions, self.dissents, self.decisions):
            used |= store.keys()
        used |= {
            doc for doc, found in self.summaries.items() if any(s.by for s in found)
        }
        return used

    def note_digest(self, docname: str) -> None:
        """Fingerprint a page's records once it is read: :meth:`digest` then
        combines one short string a page, rather than every record of the
        site on every build (a large site's incremental build read them all
        to find that nothing had changed)."""
        hasher = sha256()
        for kind in RECORD_KINDS:
            hasher.update(kind.encode())
            for record in getattr(self, kind).get(docname, ()):
                hasher.update(repr(_fields(record)).encode())
        self.record_digests[docname] = hasher.hexdigest()

    def digest(self) -> str:
        """A fingerprint of all records, to tell when dependent pages are stale."""
        hasher = sha256()
        for docname in sorted(self.record_digests):
            hasher.update(f"{docname}\0{self.record_digests[docname]}\n".encode())
        return hasher.hexdigest()


def _fields(record: Any) -> Any:
    """A record's fields, named (section tuples are used as is)."""
    if hasattr(record, "_asdict"):
        return sorted(record._asdict().items())
    return record


def get_data(env: "BuildEnvironment") -> CoprodocData:
    """The coprodoc data of *env*, created on first use."""
    data = getattr(env, "coprodoc_data", None)
    if data is None:
        data = CoprodocData()
        env.coprodoc_data = data  # type: ignore[attr-defined]
    return cast(CoprodocData, data)


def reading_order(env: "BuildEnvironment") -> dict[str, int]:
    """Each document's position in the site's reading order.

    That is the order of the toctrees from the root document, depth first;
    documents outside every toctree follow, alphabetically.  Lists use it so
    that sections appear as readers meet them, not sorted by file name.
    """
    order: dict[str, int] = {}

    def visit(docname: str) -> None:
        if docname in order or docname not in env.all_docs:
            return
        order[docname] = len(order)
        for child in env.toctree_includes.get(docname, ()):
            visit(child)

    visit(env.config.root_doc)
    for docname in sorted(env.all_docs):
        order.setdefault(docname, len(order))
    return order
