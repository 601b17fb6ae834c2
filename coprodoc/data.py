"""The environment data model: records keyed by docname.

Everything here is pickled with the environment and merged back from ``-j``
read workers, so it holds ids, never names.  Each record belongs to exactly one
document; clearing and merging work per document, which is what keeps parallel
and incremental builds identical to a fresh serial build.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field
from hashlib import sha256
from typing import cast

from sphinx.environment import BuildEnvironment


@dataclass(frozen=True)
class ContributionRecord:
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


@dataclass
class CoprodocData:
    """All coprodoc records of one build environment."""

    contributions: dict[str, list[ContributionRecord]] = field(default_factory=dict)
    #: person/group ids mentioned with the ``contributor`` role, per document
    mentions: dict[str, set[str]] = field(default_factory=dict)
    #: documents holding a ``contributors`` list (rewritten when records change)
    list_pages: set[str] = field(default_factory=set)
    #: fingerprints of what the list pages and registry-dependent pages show
    records_digest: str = ""
    registry_digest: str | None = None

    def clear_doc(self, docname: str) -> None:
        self.contributions.pop(docname, None)
        self.mentions.pop(docname, None)
        self.list_pages.discard(docname)

    def merge(self, docnames: AbstractSet[str], other: CoprodocData) -> None:
        """Take over *other*'s records for *docnames* only (a ``-j`` worker's)."""
        for docname in docnames:
            if docname in other.contributions:
                self.contributions[docname] = other.contributions[docname]
            if docname in other.mentions:
                self.mentions[docname] = other.mentions[docname]
            if docname in other.list_pages:
                self.list_pages.add(docname)

    def all_contributions(self) -> list[ContributionRecord]:
        """Every contribution, in a stable order: by document, then position."""
        return [
            record
            for docname in sorted(self.contributions)
            for record in self.contributions[docname]
        ]

    def docs_using_coprodoc(self) -> set[str]:
        """Documents whose output depends on the registry."""
        return set(self.contributions) | set(self.mentions) | self.list_pages

    def digest(self) -> str:
        """A fingerprint of all records, to tell when list pages are stale."""
        hasher = sha256()
        for record in self.all_contributions():
            hasher.update(repr(sorted(asdict(record).items())).encode())
        return hasher.hexdigest()


def get_data(env: BuildEnvironment) -> CoprodocData:
    """The coprodoc data of *env*, created on first use."""
    data = getattr(env, "coprodoc_data", None)
    if data is None:
        data = CoprodocData()
        env.coprodoc_data = data  # type: ignore[attr-defined]
    return cast(CoprodocData, data)


def reading_order(env: BuildEnvironment) -> dict[str, int]:
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
