"""Copied page sources (``_sources``) without the names coprodoc hides.

With ``html_copy_source`` on (Sphinx's default) every page's source is
published in ``_sources``.  An author who writes a name or an address where
an id belongs (``:by: Dorothy Pemberton``, ``:contributor:`jan.k@x.org```)
gets a warning, and the page shows one person who is not named; the copy of
the source would still show what was written.  So, while a page is read, the
line of each directive or role whose ids were hidden is noted (line numbers
only: nothing that names anyone is kept), and when the build ends each such
page's copy has those ids replaced by ``anonymous``, found again with the
rules that hid them (:func:`coprodoc.directives.options.hidden_runs`).
Where they cannot be found again (an unusual layout), every hidden person's
name and every address in those lines is redacted instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from coprodoc.data import get_data
from coprodoc.nodes import contributor_ref
from coprodoc.registry import ANONYMOUS, Registry
from coprodoc.state import get_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The options whose values are lists of person or group ids.
ID_OPTIONS = frozenset({"by", "deciders", "chair", "confirmed-by", "confirmed-via"})
#: ``:by: ...`` (rST, and MyST's colon form) or ``by: ...`` (MyST's YAML form).
_OPTION = re.compile(r"(?P<indent>[ \t]*)(?::(?P<colon>[\w-]+):|(?P<yaml>[\w-]+):)")
_ROLE = re.compile(r"(?::contributor:|\{contributor\})`(?P<ids>[^`]*)`")
_TOKEN = re.compile(r"[^\s,]+")

#: A token of an id list: (line index, start, end) in the source.
Token = tuple[int, int, int]


def note_hidden_in_source(env: BuildEnvironment, location: str) -> None:
    """Note that the directive or role at *location* ("path:line") had ids
    hidden, when it is in the page's own file (an included file is not
    copied to ``_sources``)."""
    source, _colon, line = location.rpartition(":")
    if not line.isdecimal() or not env.docname:
        return
    if Path(source).resolve() != Path(env.doc2path(env.docname)).resolve():
        return
    lines = get_data(env).hidden_in_source.setdefault(env.docname, [])
    if int(line) not in lines:
        lines.append(int(line))


def mended(text: str, lines: Iterable[int], registry: Registry) -> str:
    """*text* (a page's source) with the hidden ids of the directives and
    roles at *lines* (1-based) replaced by ``anonymous``."""
    from coprodoc.directives.options import cleaned_ids, hidden_runs

    source = text.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []
    for line in sorted(set(lines)):
        block = _block(source, line - 1)
        found = False
        for tokens in _id_values(source, block):
            raw = [source[n][start:end] for n, start, end in tokens]
            clean = cleaned_ids(raw, registry)
            kept = [n for n, ident in enumerate(clean) if ident]
            for first, last in hidden_runs([clean[n] for n in kept], registry):
                found = True
                for position, index in enumerate(kept[first : last + 1]):
                    n, start, end = tokens[index]
                    edits.append((n, start, end, "" if position else ANONYMOUS))
        if not found:
            edits += _redacted(source, block, registry)
    for n, start, end, new in sorted(edits, reverse=True):
        row = source[n]
        if not new:  # a later piece of one run: a separator goes with it
            before = row[:start].rstrip(" \t,")
            if before.strip():
                start = len(before)
            else:  # first on its line: the indent stays
                end = len(row) - len(row[end:].lstrip(" \t,"))
        source[n] = row[:start] + new + row[end:]
    for n in {n for n, *_edit in edits}:
        body = source[n].rstrip("\r\n")
        source[n] = body.rstrip() + source[n][len(body) :]
    return "".join(source)


def _block(source: list[str], line: int) -> range:
    """The lines around *line* between blank lines: a directive with its
    options, or the paragraph a role is in (whose line may be the
    paragraph's first or the role's own)."""
    first = last = min(max(line, 0), len(source) - 1)
    while first > 0 and source[first - 1].strip():
        first -= 1
    while last + 1 < len(source) and source[last + 1].strip():
        last += 1
    return range(first, last + 1)


def _id_values(source: list[str], block: range) -> Iterator[list[Token]]:
    """The tokens of each id list in *block*: each role's, and each id
    option's (with its continuation lines, indented deeper)."""
    in_yaml = False
    values: list[list[Token]] = []
    current: list[Token] | None = None
    indent = 0
    for n in block:
        line = source[n]
        for role in _ROLE.finditer(line):
            values.append(_tokens(n, line, role.start("ids"), role.end("ids")))
        stripped = line.strip()
        if stripped == "---":
            in_yaml = not in_yaml
            current = None
            continue
        option = _OPTION.match(line)
        name = option and (option["colon"] or (option["yaml"] if in_yaml else None))
        if option and name:
            current = None
            if name in ID_OPTIONS:
                current = _tokens(n, line, option.end(), len(line.rstrip("\r\n")))
                values.append(current)
                indent = len(option["indent"].expandtabs())
            continue
        deeper = len(line) - len(line.lstrip()) > indent
        if current is not None and deeper and stripped:
            current += _tokens(n, line, 0, len(line.rstrip("\r\n")))
        else:
            current = None
    yield from values


def _tokens(n: int, line: str, start: int, end: int) -> list[Token]:
    return [
        (n, match.start(), match.end()) for match in _TOKEN.finditer(line, start, end)
    ]


def _redacted(
    source: list[str], block: range, registry: Registry
) -> list[tuple[int, int, int, str]]:
    """Whole-line edits that redact every hidden name and address in
    *block*: for the lines whose hidden ids could not be found again."""
    from coprodoc.history.redact import Redactor

    redactor = Redactor(ANONYMOUS, registry.hidden_names())
    edits = []
    for n in block:
        body = source[n].rstrip("\r\n")
        text, changed = redactor.redact(body)
        if changed:
            indent = body[: len(body) - len(body.lstrip())]
            edits.append((n, 0, len(body), indent + text))
    return edits


def mend_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the same for the text a ``contributor`` role keeps
    of what was written (its paragraph's source, which the doctrees keep and
    the ``gettext`` builder quotes)."""
    if app.env.docname not in get_data(app.env).hidden_in_source:
        return
    registry = get_registry(app.env)
    for ref in doctree.findall(contributor_ref):
        if ref.get("person") != ANONYMOUS:
            continue
        node: nodes.Node | None = ref
        while isinstance(node, nodes.Element):
            if node.rawsource:
                node.rawsource = mended(node.rawsource, [1], registry)
            node = node.parent


def copies_of(app: Sphinx, docname: str) -> Iterator[Path]:
    """The copies of a page's source that the HTML builder may have made."""
    outdir = Path(app.builder.outdir) / "_sources"
    for suffix in app.config.source_suffix:
        for link_suffix in {app.config.html_sourcelink_suffix, ""}:
            path = outdir / f"{docname}{suffix}{link_suffix}"
            if path.is_file():
                yield path


def mend_copies(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: mend the copied sources of the pages that had ids
    hidden (also after a failed build: what was copied is published)."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not builder.copysource:
        return
    if not app.config.html_copy_source:
        return
    registry = get_registry(app.env)
    for docname, lines in get_data(app.env).hidden_in_source.items():
        for path in copies_of(app, docname):
            text = path.read_text(encoding="utf-8")
            new = mended(text, lines, registry)
            if new != text:
                path.write_text(new, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", mend_doctree)
    app.connect("build-finished", mend_copies)
