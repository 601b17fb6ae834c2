"""Labels, ids and references renamed with the hidden names they hold.

A label or an anchor is published (in addresses, in ``objects.inv``), so
one that names someone hidden is renamed, together with every reference to
it on every page: each is passed through :func:`label`, which gives the same
new name for the label, its id and the references, wherever they are read
(``priya-story`` becomes ``a-person-who-is-not-named-story``).  What Sphinx
noted before the names were taken out (glossary terms, citations, MyST's
heading anchors) is renamed in its tables too.  Ids that Sphinx's domains
noted for described objects and equations are left, with their links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from coprodoc import nodes as coprodoc_nodes
from coprodoc.namefinder import NameFinder

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: References by label, renamed with the labels.
_LABEL_REFERENCES = frozenset({"ref", "numref", "myst"})


def renamed_ids(
    document: nodes.document, finder: NameFinder
) -> tuple[dict[str, str], list[nodes.target]]:
    """Ids and names (made from titles and labels) that hold a hidden name,
    renamed in the document's tables before Sphinx's domains read them:
    each old id with its new one, and the labels that named someone (a
    title's line is found with its text)."""
    renamed: dict[str, str] = {}
    named_labels: list[nodes.target] = []
    if not finder.may_name(" ".join([*document.ids, *document.nameids]), True):
        return renamed, named_labels
    for target in document.findall(nodes.target):
        # a label's target keeps only a reference to the id it gave away
        written = [*target["names"], target.get("refid") or ""]
        if any(label(name, finder) != name for name in written):
            named_labels.append(target)
    for old, node in list(document.ids.items()):
        new = label(old, finder)
        if new == old or _registered(node, old):
            continue
        new_id = nodes.make_id(new) or "id"
        unique, count = new_id, 1
        while unique in document.ids:
            count += 1
            unique = f"{new_id}-{count}"
        document.ids[unique] = document.ids.pop(old)
        renamed[old] = unique
        node["ids"] = [unique if i == old else i for i in node["ids"]]
    _rename_tables(document, renamed, finder)
    slugs = getattr(document, "myst_slugs", None)
    if slugs:  # what MyST's own links look up, later in this page's reading
        document.myst_slugs = _renamed_slugs(slugs, renamed, finder)  # type: ignore[attr-defined]
    return renamed, named_labels


def _registered(node: nodes.Node, node_id: str) -> bool:
    """Whether Sphinx noted this id in a domain while the page was parsed
    (a described object, an equation): renaming it would break its links."""
    return isinstance(node, addnodes.desc_signature | nodes.math_block) or (
        node_id.startswith("equation-")
    )


def _rename_tables(
    document: nodes.document, renamed: dict[str, str], finder: NameFinder
) -> None:
    """The document's tables of names, references and substitutions, and
    each node's names, after *renamed*."""
    for name in list(document.nameids):
        target = document.nameids.pop(name)
        explicit = document.nametypes.pop(name, None)
        key = label(name, finder)
        document.nameids[key] = renamed.get(target, target) if target else target
        if explicit is not None:
            document.nametypes[key] = explicit
    for refs in [*document.refids.values(), *document.refnames.values()]:
        for ref in refs:  # a reference Sphinx replaced keeps its text here
            _redact_detached(ref, renamed, finder)
    document.refids = {renamed.get(i, i): refs for i, refs in document.refids.items()}
    document.refnames = {
        label(name, finder): refs for name, refs in document.refnames.items()
    }
    for table in ("citation_refs", "footnote_refs"):
        refs = getattr(document, table)
        setattr(document, table, {label(n, finder): r for n, r in refs.items()})
    document.substitution_defs = {
        label(name, finder): node for name, node in document.substitution_defs.items()
    }
    document.substitution_names = {
        label(name, finder): label(ref, finder)
        for name, ref in document.substitution_names.items()
    }
    for node in document.findall(nodes.Element):
        for key in ("names", "dupnames"):
            if node.get(key):
                node[key] = [label(name, finder) for name in node[key]]
        # a target's section remembers who refers to it, by name and by id
        by_name = getattr(node, "expect_referenced_by_name", None)
        if by_name:
            node.expect_referenced_by_name = {  # type: ignore[attr-defined]
                label(name, finder): target for name, target in by_name.items()
            }
        by_id = getattr(node, "expect_referenced_by_id", None)
        if by_id:
            node.expect_referenced_by_id = {  # type: ignore[attr-defined]
                renamed.get(old, old): target for old, target in by_id.items()
            }


def _redact_detached(
    node: nodes.Element, renamed: dict[str, str], finder: NameFinder
) -> None:
    """The texts of a node the page's tables keep, which may no longer be
    in the page (a citation reference Sphinx replaced with a link)."""
    for part in list(node.findall()):
        if isinstance(part, nodes.Text) and part.parent is not None:
            new, named = finder.replaced(str(part))
            if named:
                part.parent.replace(part, nodes.Text(new))
        elif isinstance(part, nodes.Element):
            part.rawsource = finder.replaced(part.rawsource)[0]
            rename_references(part, renamed, finder)


def label(name: str, finder: NameFinder) -> str:
    """A name, label or id without hidden names; as written when it has
    none.  One written with spaces (a title's name) stays one, normalised
    as docutils does; one without (a label, an id, a MyST slug) becomes an
    id, so "priya-story" as a label, as its id and in every reference to it
    becomes the same "a-person-who-is-not-named-story"."""
    new, named = finder.replaced(name, identifier=True)
    if not named:
        return name
    if any(char.isspace() for char in name):
        return nodes.fully_normalize_name(new)
    return nodes.make_id(new)


def rename_references(
    node: nodes.Element, renamed: dict[str, str], finder: NameFinder
) -> bool:
    """*node*'s references to ids and labels that were renamed (a ``:ref:``,
    a MyST link or a citation, from this page to a label here or on another
    page; a ``:term:``)."""
    written = (node.get("reftarget"), node.get("reftargetid"))
    refid = node.get("refid")
    if refid in renamed:
        node["refid"] = renamed[refid]
    if isinstance(node, addnodes.index):  # (type, text, target id, main, key)
        node["entries"] = [
            (*entry[:2], renamed.get(entry[2], entry[2]), *entry[3:])
            if len(entry) > 2
            else entry
            for entry in node["entries"]
        ]
    if node.get("backrefs"):
        node["backrefs"] = [renamed.get(i, i) for i in node["backrefs"]]
    if node.get("refname"):
        node["refname"] = label(node["refname"], finder)
    reftype, target = node.get("reftype"), node.get("reftarget")
    domain = node.get("refdomain")
    if not target or domain == "doc":  # a page's name is its address
        pass
    elif reftype == "term":
        node["reftarget"] = finder.replaced(target)[0]
    elif reftype in _LABEL_REFERENCES or domain in ("citation", "coprodoc"):
        node["reftarget"] = label(target, finder)
    for key in ("reftargetid", "slug"):  # MyST: a label or a heading's slug
        if node.get(key):
            node[key] = label(node[key], finder)
    if isinstance(node, coprodoc_nodes.decision_links) and node.get("decision"):
        node["decision"] = label(node["decision"], finder)
    return written != (node.get("reftarget"), node.get("reftargetid"))


def rename_in_domains(
    env: BuildEnvironment, renamed: dict[str, str], finder: NameFinder
) -> None:
    """What Sphinx and MyST noted while the page was parsed, before this
    transform: the standard domain's objects of the page (glossary terms,
    options, environment variables), its citations, and MyST's heading
    slugs."""
    docname = env.docname
    std: Any = env.domains.standard_domain
    for (objtype, name), (doc, labelid) in list(std.objects.items()):
        # only terms: others (options, variables) are found by their names
        if doc == docname and objtype == "term":
            new = finder.replaced(name)[0]
            if new != name or labelid in renamed:
                del std.objects[objtype, name]
                std.objects[objtype, new] = (doc, renamed.get(labelid, labelid))
    for term, (doc, labelid) in list(std._terms.items()):
        if doc == docname:
            new = finder.replaced(term, identifier=True)[0].lower()
            if new != term or labelid in renamed:
                del std._terms[term]
                std._terms[new] = (doc, renamed.get(labelid, labelid))
    citations: Any = env.domains["citation"]
    for cited, (doc, labelid, line) in list(citations.citations.items()):
        new = label(cited, finder)
        if doc == docname and (new != cited or labelid in renamed):
            del citations.citations[cited]
            citations.citations[new] = (doc, renamed.get(labelid, labelid), line)
    for cited in list(citations.citation_refs):
        new = label(cited, finder)
        if new != cited:
            refs = citations.citation_refs.pop(cited)
            citations.citation_refs.setdefault(new, set()).update(refs)
    slugs = env.metadata.get(docname, {}).get("myst_slugs")
    if slugs:
        env.metadata[docname]["myst_slugs"] = _renamed_slugs(slugs, renamed, finder)


def _renamed_slugs(
    slugs: dict[str, tuple[int, str, str]], renamed: dict[str, str], finder: NameFinder
) -> dict[str, tuple[int, str, str]]:
    """MyST's heading anchors (slug: line, id, title), renamed."""
    return {
        label(slug, finder): (line, renamed.get(i, i), finder.replaced(title)[0])
        for slug, (line, i, title) in slugs.items()
    }
