"""The ``coprodoc`` domain: named records as Sphinx objects.

Dissents, decisions and contributions with a ``:name:`` are objects of this
domain, as ``sphinx.ext.todo`` keeps its todos in a domain.  That gives what
Sphinx gives every domain: lookup by name for the ``dissent``, ``decision``
and ``contribution`` roles (``:decision:`pay-on-the-day```, also written
``:coprodoc:decision:``), data cleared and merged per document for ``-j``
and incremental builds, and entries in ``objects.inv``, so another site can
link to a decision with intersphinx.

A reference to a name that neither this site nor an intersphinx inventory
knows gives a located ``coprodoc.unknown-record`` warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.nodes import Element
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from coprodoc.locale import _
from coprodoc.logs import warn
from coprodoc.suggest import hint

KINDS = ("dissent", "decision", "contribution")


class Target(NamedTuple):
    """Where a named record is, and what a link to it says by default."""

    docname: str
    anchor: str
    title: str


class RecordRole(XRefRole):
    """``:dissent:`name```, ``:decision:`Title <name>```: a link to a named
    record of this site (or, through intersphinx, of another)."""

    def __init__(self, kind: str, warn_dangling: bool = True) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=warn_dangling)
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Whether written :decision: or :coprodoc:decision:, it is ours.
        self.refdomain, self.reftype = "coprodoc", self.kind
        self.classes = ["xref", "coprodoc", f"coprodoc-{self.kind}"]
        return self.create_xref_node()


def record_link(kind: str, name: str) -> addnodes.pending_xref:
    """A link to a named record made from a directive option (a dissent's
    ``:decision:``), not from a role: the option is checked on its own, so
    a missing name is not warned about twice."""
    node = addnodes.pending_xref(
        "",
        nodes.inline(name, name, classes=["xref", "coprodoc", f"coprodoc-{kind}"]),
        refdomain="coprodoc",
        reftype=kind,
        reftarget=name,
        refexplicit=False,
        refwarn=False,
    )
    return node


class CoprodocDomain(Domain):
    """Named dissents, decisions and contributions."""

    name = "coprodoc"
    label = "coprodoc"
    object_types: ClassVar[dict[str, ObjType]] = {
        kind: ObjType(kind, kind) for kind in KINDS
    }
    roles: ClassVar[dict[str, Any]] = {kind: RecordRole(kind) for kind in KINDS}
    initial_data: ClassVar[dict[str, Any]] = {"objects": {}}
    #: bump when the shape of the data changes
    data_version: ClassVar[int] = 1

    @property
    def objects(self) -> dict[tuple[str, str], Target]:
        return self.data.setdefault("objects", {})  # type: ignore[no-any-return]

    def note_record(
        self, kind: str, name: str, docname: str, anchor: str, title: str
    ) -> None:
        """Register a named record; the first of each name wins (a second one
        is reported as a duplicate by the honesty checks)."""
        self.objects.setdefault((kind, name), Target(docname, anchor, title))

    def clear_doc(self, docname: str) -> None:
        for key, target in list(self.objects.items()):
            if target.docname == docname:
                del self.objects[key]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key, target in otherdata.get("objects", {}).items():
            if target.docname in docnames:
                self.objects.setdefault(key, target)

    def _link(
        self,
        builder: Builder,
        fromdocname: str,
        target: Target,
        node: addnodes.pending_xref,
        contnode: Element,
    ) -> nodes.reference:
        if not node.get("refexplicit"):
            contnode = nodes.inline(
                target.title, target.title, classes=contnode["classes"]
            )
        return make_refnode(
            builder, fromdocname, target.docname, target.anchor, contnode, target.title
        )

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        found = self.objects.get((typ, target))
        if found is None:
            return None
        return self._link(builder, fromdocname, found, node, contnode)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = [(kind, self.objects.get((kind, target))) for kind in KINDS]
        return [
            (f"coprodoc:{kind}", self._link(builder, fromdocname, at, node, contnode))
            for kind, at in found
            if at is not None
        ]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for (kind, name), target in sorted(self.objects.items()):
            yield name, target.title, kind, target.docname, target.anchor, 1

    def get_full_qualified_name(self, node: Element) -> str | None:
        target = node.get("reftarget")
        return str(target) if target else None


def default_title(kind: str, title: str, section_title: str) -> str:
    """What a link to a record says when the writer gave no title."""
    if kind == "dissent":
        return str(_("dissent in “%s”") % section_title)
    if kind == "contribution":
        return str(_("contribution in “%s”") % section_title)
    return title


def note_records(env: BuildEnvironment, records: Iterable[Any], kind: str) -> None:
    """Register the named records of one page (from the collector)."""
    domain: CoprodocDomain = env.domains["coprodoc"]  # type: ignore[assignment]
    for record in records:
        if getattr(record, "name", None):
            title = default_title(
                kind, getattr(record, "title", ""), record.section_title
            )
            domain.note_record(kind, record.name, record.docname, record.id, title)


def warn_unknown_record(
    app: Sphinx, domain: Domain | None, node: addnodes.pending_xref
) -> bool | None:
    """``warn-missing-reference``: our own typed warning for a name no one
    knows (after intersphinx has had its chance)."""
    if domain is None or domain.name != "coprodoc":
        return None
    kind, name = node["reftype"], node["reftarget"]
    names = sorted(known for of, known in domain.data["objects"] if of == kind)
    warn(
        f"no {kind} is named {name!r}{hint(name, names)}",
        "unknown-record",
        node,
    )
    return True


def setup(app: Sphinx) -> None:
    app.add_domain(CoprodocDomain)
    for kind in ("dissent", "decision"):  # as written before the domain
        app.add_role(kind, RecordRole(kind))
    app.connect("warn-missing-reference", warn_unknown_record)
