"""A page's own text naming someone who is not shown by name.

A page's prose may name a contributor ("Amira said at the first workshop")
who later withdraws consent, or who never agreed to be named.  Contributors
are told that a withdrawn name leaves every page and the search, and no
output file may show a person without consent.  So, while each page is read
(a transform that runs before Sphinx's domains take its labels and before
its titles, contents and records are collected), every name of a hidden
person in its text, titles, anchors, labels, index entries, glossary terms,
link addresses and record fields is replaced with "a person who is not
named", and a ``coprodoc.hidden-name`` warning gives each line, for the
author to rewrite it.  When the build ends, the page's copied source
(``_sources``) is redacted too (see :mod:`coprodoc.sourcecopy`).

What counts as a name is :mod:`coprodoc.namefinder`'s.  Labels are renamed
with every reference to them, on any page (``:ref:``, MyST links, citations,
terms, coprodoc's records), so links still work (:mod:`coprodoc.pagelabels`).
A page that holds no
word of a hidden name is not walked again (one quick test of its whole
text).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote
from weakref import WeakKeyDictionary

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from coprodoc import nodes as coprodoc_nodes
from coprodoc.cleantext import fold
from coprodoc.locale import _
from coprodoc.logs import warn
from coprodoc.namefinder import NameFinder
from coprodoc.pagelabels import label, rename_in_domains, rename_references, renamed_ids
from coprodoc.registry import Registry
from coprodoc.sourcecopy import note_hidden_in_source
from coprodoc.state import get_registry

#: Attributes that say where a node came from or how Sphinx finds a page
#: (a page's own name is its address: renaming the file is the author's to
#: do), and those renamed with the ids and labels (see coprodoc.pagelabels).
_KEPT = frozenset(
    {
        "source",
        "uri",
        "candidates",
        "refdoc",
        "reftype",
        "refdomain",
        "docname",
        "format",
        "language",
        "xml:space",
        "entries",
        "classes",
        *("ids", "names", "dupnames", "backrefs"),
        *("refid", "refname", "reftarget", "reftargetid"),
    }
)
#: Attributes that hold labels, ids or names (in lower case, with no
#: capitals to go by).
_LABELS = frozenset(
    {"ids", "names", "dupnames", "refid", "refname", "reftarget", "reftargetid"}
)
#: A record's attributes that are text, and those that are names of records.
_RECORD_TEXTS = frozenset({"title", "question", "via", "link"})
_RECORD_NAMES = frozenset({"name", "decision", "supersedes"})
#: What an address may hold as it is (the rest is %-escaped again).
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~"
#: What no name has in it.
_NOT_IN_NAMES = frozenset("()[]{}:;,!?/\\=<>|0123456789")
#: The most words a name outside a registry entry is taken to have.
MAX_NAME_WORDS = 6

_FINDERS: WeakKeyDictionary[Registry, NameFinder] = WeakKeyDictionary()


def page_finder(registry: Registry) -> NameFinder:
    """What finds the registry's hidden names in pages (one per registry)."""
    found = _FINDERS.get(registry)
    if found is None:
        found = _FINDERS[registry] = NameFinder(
            str(_("a person who is not named")),
            _hidden_names(registry),
            _withheld_names(registry),
            _shown_names(registry),
        )
    return found


def _hidden_names(registry: Registry) -> list[str]:
    names: list[str] = []
    for person in registry.hidden_people():
        names += [person.name or "", *(g for g in person.git if "@" not in g)]
        if registry.effective_display(person) != "pseudonym":
            names.append(person.pseudonym or "")
        names.append(f"{person.given_names or ''} {person.family_names or ''}")
    return [name for name in names if name.strip()]


def _withheld_names(registry: Registry) -> list[str]:
    """What the registry file holds outside its entries (a commented-out
    entry, a misspelt key, a file that cannot be read), matched whole: what
    reads as a name of two words or more ("# git: the addresses (or names)
    they use" does not), and not an entry's given or family name alone
    ("Hale" would take "Hale Lane")."""
    parts = {
        fold(part)
        for person in registry
        for part in (person.given_names, person.family_names)
        if part
    }
    return [
        name
        for name in registry.withheld
        if 2 <= len(name.split()) <= MAX_NAME_WORDS
        and _NOT_IN_NAMES.isdisjoint(name)
        and fold(name) not in parts
    ]


def _shown_names(registry: Registry) -> list[str]:
    """Names the site shows (people named, pseudonyms, groups): never taken
    for a hidden person's ("Amira Khan" while Amira Patel is hidden)."""
    shown = [registry.shown(ident) for ident in [*registry.people, *registry.groups]]
    return [s.text for s in shown if s.kind in ("name", "pseudonym", "group")]


class HiddenNames(SphinxTransform):
    """Replaces hidden people's names in a page as it is read."""

    # before SphinxDomains (850) takes labels and index entries, and before
    # doctree-read (880) collects titles
    default_priority = 845

    def apply(self, **kwargs: Any) -> None:
        registry = get_registry(self.env)
        finder = page_finder(registry)
        if not finder.hides_anyone:
            return
        prose, labels = _strings(self.document)
        if not finder.may_name(prose) and not finder.may_name(labels, True):
            return
        _join_text(self.document)
        lines: set[tuple[str, int | None]] = set()
        renamed, named_labels = renamed_ids(self.document, finder)
        for target in named_labels:
            _note(lines, target)
        for block in list(_blocks(self.document)):
            if _redact_block(block, finder):
                _note(lines, block)
        for node in list(self.document.findall()):
            if isinstance(node, nodes.Text):
                new, changed = _text_redacted(node, finder)
                if changed and node.parent is not None:
                    node.parent.replace(node, nodes.Text(new))
                    _note(lines, node.parent)
                continue
            assert isinstance(node, nodes.Element)
            if node.rawsource:
                node.rawsource = finder.replaced(node.rawsource)[0]
            for index, old in enumerate(node["ids"]):  # ids not in the tables
                if old not in self.document.ids and label(old, finder) != old:
                    node["ids"][index] = nodes.make_id(label(old, finder))
            if _redact_attributes(node, finder):
                _note(lines, node)
            if rename_references(node, renamed, finder):
                _note(lines, node)
        rename_in_domains(self.env, renamed, finder)
        for source, line in sorted(lines, key=lambda x: (x[0], x[1] or 0)):
            # the copy of the page's source, and the source text its doctree
            # keeps, are then redacted throughout (see coprodoc.sourcecopy);
            # a node with no line (docinfo, front matter): the page itself
            location: Any = f"{source}:{line}" if line else (self.env.docname, None)
            note_hidden_in_source(self.env, f"{source}:{line or 0}")
            if not registry.readable:
                continue  # nobody is named until it is fixed: one warning says so
            warn(
                "this text names a person who is not shown by name (their "
                "consent was withdrawn, or does not cover their name): it is "
                "published with 'a person who is not named' in its place; "
                "rewrite it without the name",
                "hidden-name",
                location,
            )


def _strings(document: nodes.document) -> tuple[str, str]:
    """Every piece of text in *document* that could reach an output file,
    as prose and as identifiers, each joined in one string.  (A rawsource
    repeats its text; the copied source is tested whole.)"""
    prose: list[str] = []
    labels: list[str] = []
    for node in document.findall():
        if isinstance(node, nodes.Text):
            prose.append(node)
            continue
        assert isinstance(node, nodes.Element)
        for key, value in node.attributes.items():
            if not value:
                continue
            into = labels if key in _LABELS or key == "classes" else prose
            if isinstance(value, str):
                into.append(value)
            elif isinstance(value, list):
                into += _texts(value)
    prose += labels  # a label may be shown as text too
    return "\n".join(prose), "\n".join(labels)


def _texts(value: list[Any]) -> Iterator[str]:
    for item in value:
        if isinstance(item, str):
            yield item
        elif isinstance(item, tuple):  # toctree and index entries
            yield from (part for part in item if isinstance(part, str))


def _join_text(document: nodes.document) -> None:
    """Text split in pieces (MyST gives each line of a paragraph its own)
    joined, so a name over two lines is found whole."""
    for element in document.findall(nodes.Element):
        children = element.children
        index = 0
        while index < len(children) - 1:
            first, second = children[index], children[index + 1]
            if isinstance(first, nodes.Text) and isinstance(second, nodes.Text):
                element.replace(first, nodes.Text(str(first) + str(second)))
                element.remove(second)
            else:
                index += 1


def _blocks(node: nodes.Element) -> Iterator[nodes.Element]:
    """The outermost runs of text (paragraphs, titles, terms...), and any
    other element that holds text of its own."""
    for child in node.children:
        if isinstance(child, nodes.TextElement):
            yield child
        elif isinstance(child, nodes.Element):
            if any(isinstance(part, nodes.Text) for part in child.children):
                yield child
            yield from _blocks(child)


def _redact_block(block: nodes.Element, finder: NameFinder) -> bool:
    """Names in *block*'s text as read, across its inline markup ("*Grace*
    Young", "[Hope](url) Field"): each piece of text loses its part of a
    name, and the piece a name starts in gets the placeholder."""
    if isinstance(block, nodes.TextElement):
        texts = list(block.findall(nodes.Text))
    else:
        texts = [part for part in block.children if isinstance(part, nodes.Text)]
    joined = "".join(texts)
    spans = finder.spans(joined)
    if not spans:
        return False
    position = 0
    for text in texts:
        start, end = position, position + len(text)
        position = end
        pieces: list[str] = []
        at = start
        for first, last in spans:
            if last <= start or first >= end:
                continue
            pieces.append(joined[at : max(first, start)])
            if first >= start:
                pieces.append(finder.placeholder_at(joined, first))
            at = min(last, end)
        if pieces and text.parent is not None:
            pieces.append(joined[at:end])
            text.parent.replace(text, nodes.Text("".join(pieces)))
    return True


def _text_redacted(node: nodes.Text, finder: NameFinder) -> tuple[str, bool]:
    """*node*'s text without hidden names (what its block did not find); a
    reference's text (a label, when it is not found; an address shown as
    itself) is matched as labels are too."""
    new, changed = finder.replaced(str(node))
    parent = node.parent
    if parent is not None and (
        isinstance(parent.parent, addnodes.pending_xref)
        or (isinstance(parent, nodes.reference) and "://" in new)
    ):
        new, named = finder.replaced(new, identifier=True)
        changed = changed or named
    return new, changed


def _note(lines: set[tuple[str, int | None]], node: nodes.Node) -> None:
    """The file and line of *node* (or of the nearest node above it that
    has one), for the warning."""
    source: str | None
    line: int | None
    source, line = get_source_line(node)
    if not source and node.document is not None:
        source, line = node.document["source"], None
    if source:
        lines.add((source, line))


def _redact_attributes(node: nodes.Element, finder: NameFinder) -> bool:
    """Names in *node*'s attributes that are shown or link somewhere (a
    record's title or question, an image's text, a link's address, toctree
    and index entries, classes made from a title); whether any was there."""
    if isinstance(node, coprodoc_nodes.block):
        return _redact_record(node, finder)
    changed = False
    for key, value in node.attributes.items():
        if key == "classes":  # made from a title: "admonition-thanks-zofia"
            for index, name in enumerate(value):
                new = label(name, finder)
                if new != name:
                    value[index], changed = nodes.make_id(new), True
        elif key == "entries":  # (title, page) of a toctree; index entries
            for index, entry in enumerate(value):
                new_entry = _entry(entry, node, finder)
                if new_entry != entry:
                    value[index], changed = new_entry, True
        elif key == "refuri" and node.get("id_link"):  # MyST's [text](#label)
            new = "#" + label(value[1:], finder)
            if new != value:
                node[key], changed = new, True
        elif key in _KEPT:
            continue
        elif key == "refuri" and isinstance(value, str):
            new = _address(value, finder)
            if new != value:
                node[key], changed = new, True
        elif isinstance(value, str):
            new, named = finder.replaced(value)
            if named:
                node[key], changed = new, True
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    new, named = finder.replaced(item)
                    if named:
                        value[index], changed = new, True
    return changed


def _redact_record(node: nodes.Element, finder: NameFinder) -> bool:
    """A coprodoc record's texts, and its names (and the names it refers to)
    renamed as labels are, so links to it still work; its ids of people
    and its settings are left."""
    changed = False
    for key in _RECORD_TEXTS | _RECORD_NAMES:
        value = node.get(key)
        if isinstance(value, str) and value:
            if key in _RECORD_NAMES:
                new = label(value, finder)
            else:
                new = finder.replaced(value)[0]
            if new != value:
                node[key], changed = new, True
    return changed


def _address(uri: str, finder: NameFinder) -> str:
    """A link's address without hidden names, matched as labels are
    ("/people/grace-young", "?q=Grace+Young"), %-escapes read first."""
    plain = unquote(uri) if "%" in uri else uri
    new, named = finder.replaced(plain, identifier=True)
    new, also = finder.replaced(new)
    if not (named or also):
        return uri
    return quote(new, safe=_URI_SAFE) if plain != uri else new


def _entry(entry: Any, node: nodes.Element, finder: NameFinder) -> Any:
    """A toctree entry (title, page) with its title, or an index entry
    (type, text, target, main, key) with its text and key, redacted."""
    if not isinstance(entry, tuple):
        return entry
    shown = (0,) if isinstance(node, addnodes.toctree) else (1, 4)
    return tuple(
        finder.replaced(part)[0] if n in shown and isinstance(part, str) else part
        for n, part in enumerate(entry)
    )


def setup(app: Any) -> None:
    app.add_transform(HiddenNames)
