"""Copied page sources (``_sources``) without the names coprodoc hides.

With ``html_copy_source`` on (Sphinx's default) every page's source is
published in ``_sources``.  An author who writes a name or an address where
an id belongs (``:by: Dorothy Pemberton``, ``:contributor:`jan.k@x.org```)
gets a warning, and the page shows one person who is not named; the copy of
the source would still show what was written.  So, while a page is read, the
line of each directive or role whose ids were hidden is noted (line numbers
only: nothing that names anyone is kept), and when the build ends each such
page's copy is mended (:func:`mended`): those ids become ``anonymous``, found
again with the rules that hid them
(:func:`coprodoc.directives.options.hidden_runs`), and then every hidden
person's name and every address left anywhere in the copy is redacted,
whatever syntax or line it is on.  Only copies written in this build are
mended, so a copy is never mended twice.  The text a page's doctree keeps
of what was written (each part's source, which the ``gettext`` builder
quotes as messages) is mended the same way when the page is read, wherever
the ids came from (an included file too); such messages no longer match a
translation made from the source as written, until the ids are fixed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from codecs import BOM_UTF8
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from coprodoc.data import get_data
from coprodoc.history.redact import Redactor
from coprodoc.logs import warn
from coprodoc.outputs import source_copies, written_in_this_build
from coprodoc.patterns import compile_later
from coprodoc.registry import ANONYMOUS, ID_TOKEN, Registry
from coprodoc.state import get_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The options whose values are lists of person or group ids.
ID_OPTIONS = frozenset({"by", "deciders", "chair", "confirmed-by", "confirmed-via"})
#: ``:by: ...`` (rST, and MyST's colon form) or ``by: ...`` (MyST's YAML form).
_OPTION = compile_later(r"(?P<indent>[ \t]*)(?::(?P<colon>[\w-]+):|(?P<yaml>[\w-]+):)")
_ROLE = compile_later(
    r"(?::contributor:|\{contributor\})(?P<ticks>`+)(?P<ids>.*?)(?P=ticks)",
    re.IGNORECASE | re.DOTALL,
)
#: What may stand between two ids of a list (see ``ID_TOKEN``): it goes
#: with an id that is taken out.
_BETWEEN_IDS = " \t,;&[]\"'\u201c\u201d\u2018\u2019"
#: Lines as MyST counts them: new lines only (``\r\n`` and ``\r`` too).
_MARKDOWN_LINES = compile_later(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")

_REDACTORS: WeakKeyDictionary[Registry, Redactor] = WeakKeyDictionary()

#: A token of an id list: (line index, start, end) in the source.
Token = tuple[int, int, int]


def note_hidden_in_source(env: BuildEnvironment, location: str) -> None:
    """Note that the directive or role at *location* ("path:line") had ids
    hidden: the page's doctree is mended, and its copied source too when the
    line is in the page's own file (an included file is not copied)."""
    if not env.docname:
        return
    lines = get_data(env).hidden_in_source.setdefault(env.docname, [])
    source, _colon, line = location.rpartition(":")
    if not line.isdecimal():
        return
    if Path(source).resolve() != Path(env.doc2path(env.docname)).resolve():
        return
    if int(line) not in lines:
        lines.append(int(line))


def mended(
    text: str,
    lines: Iterable[int] | None,
    registry: Registry,
    markdown: bool = False,
    keep_lines: bool = False,
) -> str:
    """*text* (a page's source) without the names and addresses written for
    ids.

    First, exactly: each hidden id of the directives and roles at *lines*
    (1-based; None: anywhere) becomes ``anonymous``, so the source still
    reads as the page does.  Then, whatever the syntax (a role's alias, the
    default role, a name in another case, a line Sphinx reported wrongly):
    every hidden person's name and every address left in the text is
    redacted, ordinary words around them (prose in a page that had such
    ids) included.  Lines are counted as the page's parser counts them
    (*markdown*: MyST breaks lines at new lines only, docutils at every line
    break Python knows); with *keep_lines*, a line left empty stays, so the
    text keeps its line numbers."""
    from coprodoc.directives.options import cleaned_ids, hidden_runs

    source = _MARKDOWN_LINES.findall(text) if markdown else text.splitlines(True)
    edits: set[tuple[int, int, int, str]] = set()
    for block in _noted_blocks(source, lines):
        for tokens in _id_values(source, block):
            raw = [source[n][start:end] for n, start, end in tokens]
            clean = cleaned_ids(raw, registry)
            kept = [n for n, ident in enumerate(clean) if ident]
            for first, last in hidden_runs([clean[n] for n in kept], registry):
                for position, index in enumerate(kept[first : last + 1]):
                    n, start, end = tokens[index]
                    edits.add((n, start, end, "" if position else ANONYMOUS))
    redactor = _redactor(registry)
    edited = _edited(source, edits, keep_lines)
    return "".join(_redacted(line, redactor) for line in edited)


def _redactor(registry: Registry) -> Redactor:
    """One redactor of the registry's hidden names, per registry."""
    found = _REDACTORS.get(registry)
    if found is None:
        found = _REDACTORS[registry] = Redactor(ANONYMOUS, registry.hidden_names())
    return found


def line_redactor(registry: Registry) -> Callable[[str], str]:
    """A function that redacts a line of text as copies are (indent and line
    end kept): for other tools' warnings (see :mod:`coprodoc.logs`)."""
    redactor = _redactor(registry)
    return lambda line: _redacted(line, redactor)


def _redacted_lines(text: str, redactor: Redactor) -> str:
    return "".join(_redacted(line, redactor) for line in text.splitlines(True))


def _redacted(line: str, redactor: Redactor) -> str:
    """*line* with every hidden name and address in it redacted (its indent
    and line end kept; its spaces made single where it changed)."""
    body = line.rstrip("\r\n")
    if not body.strip():
        return line
    text, changed = redactor.redact(body)
    if not changed:
        return line
    return body[: len(body) - len(body.lstrip())] + text + line[len(body) :]


def _edited(
    source: list[str], edits: set[tuple[int, int, int, str]], keep_lines: bool
) -> list[str]:
    """*source* with *edits* made, right to left; a line left with nothing
    but spaces goes (a blank line would end an option list), unless
    *keep_lines*."""
    changed = set()
    for n, start, end, new in sorted(edits, reverse=True):
        row = source[n]
        if not new:  # a later piece of one run: a separator goes with it
            before = row[:start].rstrip(_BETWEEN_IDS)
            if before.strip():
                start = len(before)
            else:  # first on its line: the indent stays
                end = len(row) - len(row[end:].lstrip(_BETWEEN_IDS))
        source[n] = row[:start] + new + row[end:]
        changed.add(n)
    for n in changed:
        body = source[n].rstrip("\r\n")
        ending = source[n][len(body) :]
        source[n] = body.rstrip() + ending if body.strip() or keep_lines else ""
    return source


def _noted_blocks(source: list[str], lines: Iterable[int] | None) -> list[range]:
    """The blocks (see :func:`_blocks`) that hold *lines* (1-based; a blank
    line's is the block after it), or every block."""
    blocks = _blocks(source)
    if lines is None:
        return blocks
    stops = [block.stop for block in blocks]
    wanted = {bisect_right(stops, line - 1) for line in lines}
    return [blocks[index] for index in sorted(wanted) if index < len(blocks)]


def _blocks(source: list[str]) -> list[range]:
    """The runs of lines between blank lines, in one pass: a directive with
    its options, or a paragraph.  A MyST option block (between ``---``
    lines) is taken whole, blank lines and all."""
    blocks: list[range] = []
    start: int | None = None
    fences = 0
    for n, line in enumerate(source):
        stripped = line.strip()
        if stripped:
            if start is None:
                start, fences = n, 0
            fences += stripped == "---"
        elif start is not None and fences % 2 == 0:
            blocks.append(range(start, n))
            start = None
    if start is not None:
        blocks.append(range(start, len(source)))
    return blocks


def _id_values(source: list[str], block: range) -> Iterator[list[Token]]:
    """The tokens of each id list in *block*: each role's (its ids may run
    over lines), and each id option's (with its continuation lines, indented
    deeper)."""
    starts, joined = [], ""
    for n in block:
        starts.append(len(joined))
        joined += source[n]
    for role in _ROLE.finditer(joined):
        tokens = []
        for match in ID_TOKEN.finditer(joined, role.start("ids"), role.end("ids")):
            index = bisect_right(starts, match.start()) - 1
            offset = starts[index]
            tokens.append((block[index], match.start() - offset, match.end() - offset))
        yield tokens
    yield from _option_values(source, block)


def _option_values(source: list[str], block: range) -> Iterator[list[Token]]:
    in_yaml = False
    current: list[Token] | None = None
    indent = 0
    for n in block:
        line = source[n]
        stripped = line.strip()
        if stripped == "---":
            in_yaml = not in_yaml
            if current:
                yield current
            current = None
            continue
        option = _OPTION.match(line)
        name = option and (option["colon"] or (option["yaml"] if in_yaml else None))
        if option and name:
            if current:
                yield current
            current = None
            if name.lower() in ID_OPTIONS:
                current = _tokens(n, line, option.end(), len(line.rstrip("\r\n")))
                indent = _indent(option["indent"])
            continue
        if current is not None and stripped and _indent(line) > indent:
            current += _tokens(n, line, 0, len(line.rstrip("\r\n")))
        elif current is not None:
            yield current
            current = None
    if current:
        yield current


def _indent(line: str) -> int:
    """How deep *line* is indented, tabs counted as docutils counts them."""
    expanded = line.expandtabs(8)
    return len(expanded) - len(expanded.lstrip())


def _tokens(n: int, line: str, start: int, end: int) -> list[Token]:
    return [
        (n, match.start(), match.end()) for match in ID_TOKEN.finditer(line, start, end)
    ]


def mend_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, before Sphinx copies titles and tables of contents:
    the same for a page that had ids hidden (from its own file or an
    included one), in the source text its doctree keeps of each part (which
    the ``gettext`` builder quotes as messages) and in the classes docutils
    made from a title (``admonition-thanks-…``).  Code samples are left as
    written: Sphinx highlights their source text, and shows it as written
    anyway.  On every page, the errors docutils keeps (which quote a block
    it refused) are redacted."""
    registry = get_registry(app.env)
    redactor = _redactor(registry)
    # docutils quotes a block it could not read in the error it keeps; its
    # lines are then mended in the copy too
    for message in doctree.findall(nodes.system_message):
        changed = False
        for node in list(message.findall()):
            if isinstance(node, nodes.Text) and node.parent is not None:
                new = _redacted_lines(str(node), redactor)
                if new != str(node):
                    node.parent.replace(node, nodes.Text(new))
                    changed = True
            elif isinstance(node, nodes.Element) and node.rawsource:
                new = _redacted_lines(node.rawsource, redactor)
                changed = changed or new != node.rawsource
                node.rawsource = new
        if changed and message.get("line"):
            note_hidden_in_source(app.env, f"{message['source']}:{message['line']}")
    if app.env.docname not in get_data(app.env).hidden_in_source:
        return
    for node in doctree.findall(nodes.Element):
        # a code sample's source is the text shown (and highlighted): as written
        if node.rawsource and not isinstance(node, nodes.FixedTextElement):
            node.rawsource = mended(node.rawsource, None, registry)
        classes: list[str] = node.get("classes", [])
        for index, name in enumerate(classes):
            text, changed = redactor.redact(name.replace("-", " "))
            if changed:
                classes[index] = nodes.make_id(text)


def mend_copies(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: mend the copied sources of the pages written in
    this build that had ids hidden (also after a failed build: what was
    copied is published), and take every hidden person's name out of any
    copy that holds one (see :mod:`coprodoc.pagenames`).  Copies of pages
    not written again were mended when they were.  A copy that cannot be
    read is deleted, with a warning."""
    from coprodoc.pagenames import page_finder

    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not builder.copysource:
        return
    if not app.config.html_copy_source:
        return
    registry = get_registry(app.env)
    in_text = page_finder(registry)
    hidden = get_data(app.env).hidden_in_source
    encoding = app.config.source_encoding
    for docname in sorted(written_in_this_build(app)):
        lines = hidden.get(docname)
        if not lines and not in_text.hides_anyone:
            continue
        markdown = _is_markdown(app, docname)
        for path in filter(Path.is_file, source_copies(app, docname)):
            try:
                raw = path.read_bytes()
                text = raw.decode(encoding)
                new = mended(text, lines, registry, markdown) if lines else text
                new = in_text.replaced(new)[0]
                if new != text:
                    out = new.encode(encoding)
                    if out.startswith(BOM_UTF8) and not raw.startswith(BOM_UTF8):
                        out = out[len(BOM_UTF8) :]  # utf-8-sig: as it was
                    path.write_bytes(out)
            except (OSError, UnicodeError, LookupError) as exc:
                path.unlink(missing_ok=True)
                warn(
                    f"the copy of this page's source could not be cleaned of "
                    f"the names written for ids or of hidden people's names, "
                    f"so it is not published ({exc.__class__.__name__})",
                    "unknown-person",
                    (docname, None),
                )


def _is_markdown(app: Sphinx, docname: str) -> bool:
    """Whether the page is read by a Markdown parser (MyST counts lines
    differently from docutils)."""
    path = str(app.env.doc2path(docname))
    for suffix, filetype in app.config.source_suffix.items():
        if path.endswith(suffix):
            return bool(filetype != "restructuredtext")
    return False


def setup(app: Sphinx) -> None:
    # before Sphinx's collectors (priority 500) copy titles and contents
    app.connect("doctree-read", mend_doctree, priority=100)
    app.connect("build-finished", mend_copies)
