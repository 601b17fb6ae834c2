"""A page's own text naming someone who is not shown by name.

A page's prose may name a contributor ("Amira said at the first workshop")
who later withdraws consent, or who never agreed to be named.  Contributors
are told that a withdrawn name leaves every page and the search, and no
output file may show a person without consent.  So, while each page is read
(a transform that runs before Sphinx's domains take its labels and before
its titles, contents and records are collected), every name of a hidden
person in its text, titles, anchors, link addresses and record fields is
replaced with "a person who is not named", and a ``coprodoc.hidden-name``
warning gives each line, for the author to rewrite it.  When the build
ends, the page's copied source (``_sources``) is redacted the same way.

Names are found as commit subjects are (:mod:`coprodoc.history.redact`):
whole names however spaced or accented, surnames, initials with a surname,
first names (an ordinary word such as "Will" or "Grace" only when
capitalised), but not guessed inside longer words, and email addresses are
left alone: a page may give an office's address on purpose.  A page whose
text holds no word of a hidden name is not walked again (one quick test of
its whole text).  Only the name goes: everything around it is kept as
written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from coprodoc.cleantext import fold
from coprodoc.history.redact import Redactor
from coprodoc.locale import _
from coprodoc.logs import warn
from coprodoc.registry import Registry
from coprodoc.sourcecopy import note_hidden_in_source
from coprodoc.state import get_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Attributes that say where a node came from or how Sphinx finds what it
#: points at (a page's own name is its address: renaming the file is the
#: author's to do); ids, names and their references are renamed together.
_KEPT = frozenset(
    {
        "source",
        "uri",
        "candidates",
        "refdoc",
        "reftarget",
        "reftype",
        "refdomain",
        "docname",
        "format",
        "language",
        "xml:space",
        "ids",
        "names",
        "dupnames",
        "refid",
        "refname",
        "backrefs",
        "entries",
    }
)
_LABEL_WORDS = re.compile(r"[-\s]+")
#: Attributes that hold labels, ids or names (in lower case).
_LABELS = frozenset({"ids", "names", "dupnames", "refid", "refname", "reftarget"})
#: References to labels, whose targets are renamed with the labels.
_LABEL_REFERENCES = frozenset({"ref", "numref"})

#: The most words a name outside a registry entry is taken to have.
MAX_NAME_WORDS = 6

_REDACTORS: WeakKeyDictionary[Registry, Redactor] = WeakKeyDictionary()


def page_redactor(registry: Registry) -> Redactor:
    """One redactor of the registry's hidden names for page text, per
    registry: names only, as written around them."""
    found = _REDACTORS.get(registry)
    if found is None:
        # what the registry file holds outside its entries (a commented-out
        # entry, a misspelt key) is hidden from commit text whatever it is;
        # in pages, only what reads as a name ("# git: the addresses (or
        # names) they use" is not one: its "The" would go everywhere), and
        # not an entry's given or family name alone: its whole name is
        # matched ("Hale" alone would take "Hale Lane")
        parts = {
            fold(part)
            for person in registry
            for part in (person.given_names, person.family_names)
            if part
        }
        unlike = {
            name
            for name in registry.withheld
            if not _reads_as_name(name) or fold(name) in parts
        }
        found = _REDACTORS[registry] = Redactor(
            str(_("a person who is not named")),
            [name for name in registry.hidden_names(whole=True) if name not in unlike],
            prose=True,
        )
    return found


def _reads_as_name(text: str) -> bool:
    """Whether *text* could be someone's name: a few words, the first and
    last starting with a capital ("Zofia Wiśniewska", "Anna van der Berg")."""
    words = text.split()
    return 0 < len(words) <= MAX_NAME_WORDS and all(
        word[:1].isupper() for word in (words[0], words[-1])
    )


class HiddenNames(SphinxTransform):
    """Replaces hidden people's names in a page as it is read."""

    # before SphinxDomains (850) takes labels, and doctree-read (880)
    default_priority = 845

    def apply(self, **kwargs: Any) -> None:
        registry = get_registry(self.env)
        redactor = page_redactor(registry)
        if not redactor.hides_names:
            return
        if not redactor.may_name("\n".join(_strings(self.document))):
            return
        lines: set[tuple[str, int]] = set()
        renamed = _renamed_ids(self.document, redactor, lines)
        for node in list(self.document.findall()):
            if isinstance(node, nodes.Text):
                new, changed = _text_redacted(node, redactor)
                if changed and node.parent is not None:
                    node.parent.replace(node, nodes.Text(new))
                    _note(lines, node.parent)
                continue
            assert isinstance(node, nodes.Element)
            if node.rawsource:
                node.rawsource = redactor.replaced(node.rawsource)[0]
            if _redact_attributes(node, redactor):
                _note(lines, node)
            _rename_references(node, renamed, redactor)
        for source, line in sorted(lines):  # "path:line": a file, not a page
            # the copy of the page's source, and the source text its doctree
            # keeps, are then redacted throughout (see coprodoc.sourcecopy)
            note_hidden_in_source(self.env, f"{source}:{line}")
            if not registry.readable:
                continue  # nobody is named until it is fixed: one warning says so
            warn(
                "this text names a person who is not shown by name (their "
                "consent was withdrawn, or does not cover their name): it is "
                "published with 'a person who is not named' in its place; "
                "rewrite it without the name",
                "hidden-name",
                f"{source}:{line}",
            )


def _text_redacted(node: nodes.Text, redactor: Redactor) -> tuple[str, bool]:
    """*node*'s text without hidden names; a reference's text (a label, when
    it is not found) is matched as labels are."""
    text = str(node)
    if isinstance(node.parent, nodes.inline | nodes.literal) and isinstance(
        node.parent.parent, addnodes.pending_xref
    ):
        label = _label(text, redactor)
        if label != text:
            return label, True
    return redactor.replaced(text)


def _strings(document: nodes.document) -> Iterator[str]:
    """Every piece of text in *document* that could reach an output file."""
    for node in document.findall():
        if isinstance(node, nodes.Text):
            yield node
            continue
        assert isinstance(node, nodes.Element)
        # (a rawsource repeats its text; the copied source is tested whole)
        for key, value in node.attributes.items():
            if key in _LABELS:  # matched as if capitalised (see _label)
                yield (
                    " ".join(value).title()
                    if isinstance(value, list)
                    else value.title()
                )
            elif isinstance(value, str):
                yield value
            elif key != "classes" and isinstance(value, list):
                yield from _texts(value)


def _texts(value: list[Any]) -> Iterator[str]:
    for item in value:
        if isinstance(item, str):
            yield item
        elif isinstance(item, tuple) and item and isinstance(item[0], str):
            yield item[0]  # a toctree entry's title


def _note(lines: set[tuple[str, int]], node: nodes.Node) -> None:
    """The file and line of *node* (or the nearest node above it that has
    one), for the warning."""
    while node is not None and not (node.source and node.line):
        node = node.parent
    if node is not None:
        lines.add((node.source, node.line))


def _redact_attributes(node: nodes.Element, redactor: Redactor) -> bool:
    """Names in *node*'s attributes that are shown or link somewhere (a
    record's title or question, an image's text, a link's address, a
    toctree's titles, classes made from a title); whether any was there."""
    changed = False
    for key, value in node.attributes.items():
        if key in _KEPT and key != "entries":
            continue
        if isinstance(value, str):
            new, named = redactor.replaced(value)
            if named:
                node[key], changed = new, True
        elif key == "classes":  # made from a title: "admonition-thanks-priya"
            for index, name in enumerate(value):
                new = _label(name, redactor)
                if new != name:
                    value[index], changed = nodes.make_id(new), True
        elif key == "entries":  # toctree: (title, page) pairs
            for index, entry in enumerate(value):
                if isinstance(entry[0], str):
                    new, named = redactor.replaced(entry[0])
                    if named:
                        value[index], changed = (new, *entry[1:]), True
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    new, named = redactor.replaced(item)
                    if named:
                        value[index], changed = new, True
    return changed


def _renamed_ids(
    document: nodes.document, redactor: Redactor, lines: set[tuple[str, int]]
) -> dict[str, str]:
    """Ids and names (made from titles and labels) that hold a hidden name,
    renamed in the document's tables before Sphinx's domains read them;
    each old id with its new one.  A label's line is noted (a title's is
    noted with its text)."""
    renamed: dict[str, str] = {}
    # matched as if capitalised, as each is (see _label)
    if not redactor.may_name(" ".join([*document.ids, *document.nameids]).title()):
        return renamed
    for label in document.findall(nodes.target):
        # a label's target keeps only a reference to the id it gave away
        named = [*label["names"], label.get("refid") or ""]
        if any(_label(name, redactor) != name for name in named):
            _note(lines, label)
    for old, node in list(document.ids.items()):
        new = _label(old, redactor)
        if new == old:
            continue
        new_id = nodes.make_id(new) or "id"
        unique, count = new_id, 1
        while unique in document.ids:
            count += 1
            unique = f"{new_id}-{count}"
        document.ids[unique] = document.ids.pop(old)
        renamed[old] = unique
        node["ids"] = [unique if i == old else i for i in node["ids"]]
    for name in list(document.nameids):
        target = document.nameids.pop(name)
        explicit = document.nametypes.pop(name, None)
        key = _label(name, redactor)
        document.nameids[key] = renamed.get(target, target) if target else target
        if explicit is not None:
            document.nametypes[key] = explicit
    document.refids = {renamed.get(i, i): refs for i, refs in document.refids.items()}
    document.refnames = {
        _label(name, redactor): refs for name, refs in document.refnames.items()
    }
    for node in document.findall(nodes.Element):
        for key in ("names", "dupnames"):
            if node.get(key):
                node[key] = [_label(name, redactor) for name in node[key]]
        # a target's section remembers who refers to it, by name and by id
        by_name = getattr(node, "expect_referenced_by_name", None)
        if by_name:
            node.expect_referenced_by_name = {  # type: ignore[attr-defined]
                _label(name, redactor): target for name, target in by_name.items()
            }
        by_id = getattr(node, "expect_referenced_by_id", None)
        if by_id:
            node.expect_referenced_by_id = {  # type: ignore[attr-defined]
                renamed.get(old, old): target for old, target in by_id.items()
            }
    return renamed


def _label(name: str, redactor: Redactor) -> str:
    """A name, label or id (lower case, as docutils makes them) without
    hidden names, normalised as docutils does.  Its words are matched as
    if capitalised ("what-amira-told-us" as "What Amira Told Us"), so an
    id made from a title loses the name its title did, and a ``:ref:``
    elsewhere finds the label under its new name."""
    words = [word[:1].upper() + word[1:] for word in _LABEL_WORDS.split(name)]
    new, named = redactor.replaced(" ".join(words))
    return nodes.fully_normalize_name(new) if named else name


def _rename_references(
    node: nodes.Element, renamed: dict[str, str], redactor: Redactor
) -> None:
    """*node*'s references to ids and labels that were renamed (a ``:ref:``
    from this page to a renamed label here or on another page)."""
    refid = node.get("refid")
    if refid in renamed:
        node["refid"] = renamed[refid]
    if node.get("backrefs"):
        node["backrefs"] = [renamed.get(i, i) for i in node["backrefs"]]
    if node.get("reftype") in _LABEL_REFERENCES and node.get("reftarget"):
        node["reftarget"] = _label(node["reftarget"], redactor)


def setup(app: Sphinx) -> None:
    app.add_transform(HiddenNames)
