"""The "who wrote this page" view, for HTML builds.

With ``coprodoc_authorship_view = True``, every page of an ``html`` or
``dirhtml`` build links to ``_authorship/<page>.html``: the page's source
text, passage by passage, with each run of words marked by who wrote it, in
the spirit of WikiWho's WhoColor.  Marked by a letter, not by colour alone
(the colour is an underline, so the theme's text colours and contrast stay),
with a legend, and under each passage a plain list of who wrote it.  Nothing
needs JavaScript.  Consent applies word by word: everyone who is not named is
"a person who is not named", and they are never told apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from coprodoc.config import settings
from coprodoc.data import DocHistory, get_data
from coprodoc.history.authorship import NO_ONE, NOT_COMMITTED
from coprodoc.locale import _
from coprodoc.people import People, people_of
from coprodoc.state import get_registry

FOLDER = "_authorship"
BUILDERS = ("html", "dirhtml")
#: Colours of the underlines, in turn (the letter says the same).
COLOURS = 8


def page_name(docname: str) -> str:
    return f"{FOLDER}/{docname}"


def enabled(app: Sphinx) -> bool:
    return settings(app).authorship_view and app.builder.name in BUILDERS


def label(people: People, keys: tuple[str, ...]) -> str:
    """What one author entry is called: names as consent allows, markers
    in plain words."""
    markers = {
        NOT_COMMITTED: _("not committed yet"),
        NO_ONE: _("no one (formatting changes)"),
    }
    if keys and keys[0] in markers:
        return str(markers[keys[0]])
    named, unnamed = people.names((key, "") for key in keys)
    if unnamed:
        # never a count here: "2 people" would tell two passages apart
        named.append(str(_("a person who is not named")))
    return ", ".join(named)


def add_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: a link to the view, below the page's title."""
    if not enabled(app) or not _history(app, docname):
        return
    section = next(doctree.findall(nodes.section), None)
    if section is None:
        return
    builder = app.builder
    uri = relative_uri(
        builder.get_target_uri(docname), builder.get_target_uri(page_name(docname))
    )
    link = nodes.reference("", _("Who wrote this page, word by word"), refuri=uri)
    section.insert(
        1, nodes.paragraph("", "", link, classes=["coprodoc-authorship-link"])
    )


def _history(app: Sphinx, docname: str) -> DocHistory | None:
    history = get_data(app.env).history.get(docname)
    return history if history is not None and history.authorship else None


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: one view page per page with a history."""
    if not enabled(app):
        return
    people = people_of(app)
    for docname in sorted(app.env.found_docs):
        history = _history(app, docname)
        if history is None:
            continue
        titles = app.env.titles
        title = titles[docname].astext() if docname in titles else docname
        body = View(app, people, docname, history).html(title)
        context = {"title": _("Who wrote “%s”") % title, "body": body}
        yield page_name(docname), context, "page.html"


class View:
    """One page's view: its passages, its legend."""

    def __init__(
        self, app: Sphinx, people: People, docname: str, history: DocHistory
    ) -> None:
        self.app = app
        self.docname = docname
        self.history = history
        labels = [label(people, keys) for keys in history.authors]
        # one letter per label: people who are not named share one
        distinct = list(dict.fromkeys(labels))
        self.letter = {text: _letter(n) for n, text in enumerate(distinct)}
        self.labels = labels
        self.words: Counter[str] = Counter()

    def source(self) -> list[list[str]]:
        """The words of each line of the page's source.  A page where a name
        or an address was written for an id is shown mended, as its copied
        source is (:mod:`coprodoc.sourcecopy`), word for word where it can
        be, so each word keeps its author."""
        # imported here: coprodoc.sourcecopy needs coprodoc.outputs, which
        # needs this module
        from coprodoc.sourcecopy import mended

        path = Path(self.app.env.doc2path(self.docname))
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return []
        lines = [line.split() for line in text.splitlines()]
        hidden = get_data(self.app.env).hidden_in_source.get(self.docname)
        if hidden is None:
            return lines
        registry = get_registry(self.app.env)
        shown = mended(text, hidden, registry, keep_lines=True).splitlines()
        shown += [""] * (len(lines) - len(shown))  # a last line left empty
        return [
            _aligned(words, line.split())
            for words, line in zip(lines, shown[: len(lines)], strict=True)
        ]

    def passages(self) -> Iterator[list[tuple[str, str]]]:
        """Passages (runs of lines with no blank line between), each as
        (label, text) runs."""
        line_words = self.source()
        current: list[tuple[str, str]] = []
        last = 0
        for number, runs in self.history.authorship:
            if current and number > last + 1:
                yield current
                current = []
            words = line_words[number - 1] if number <= len(line_words) else []
            position = 0
            for count, author in runs:
                text = " ".join(words[position : position + count])
                position += count
                who = self.labels[author]
                self.words[who] += count
                if current and current[-1][0] == who:
                    current[-1] = (who, current[-1][1] + " " + text)
                else:
                    current.append((who, text))
            last = number
        if current:
            yield current

    def html(self, title: str) -> str:
        passages = [self._passage(runs) for runs in self.passages()]
        back = relative_uri(
            self.app.builder.get_target_uri(page_name(self.docname)),
            self.app.builder.get_target_uri(self.docname),
        )
        intro = _(
            "The text of the page as it is written in its source, with each "
            "passage marked by who wrote it: a letter before it, and a "
            "coloured underline. Everyone who is not named is “a person who "
            "is not named”: they are never told apart."
        )
        heading = _("Who wrote “%s”") % title
        back_label = _("Back to the page")
        people_label = _("Who wrote it")
        text_label = _("The text")
        return (
            '<section class="coprodoc-authorship">'
            f"<h1>{escape(heading)}</h1>"
            f"<p>{escape(intro)}</p>"
            f'<p><a href="{escape(back)}">{escape(back_label)}</a></p>'
            f"<h2>{escape(people_label)}</h2>{self._legend()}"
            f"<h2>{escape(text_label)}</h2>{''.join(passages)}"
            "</section>"
        )

    def _mark(self, who: str) -> str:
        letter = self.letter[who]
        number = (ord(letter[0]) - ord("A")) % COLOURS + 1
        return (
            f'<span class="coprodoc-author-badge coprodoc-author-{number}" '
            f'title="{escape(who)}">{escape(letter)}</span>'
        )

    def _passage(self, runs: list[tuple[str, str]]) -> str:
        text = " ".join(
            f'<span class="coprodoc-author coprodoc-author-'
            f'{(ord(self.letter[who][0]) - ord("A")) % COLOURS + 1}">'
            f"{self._mark(who)} {escape(words)}</span>"
            for who, words in runs
        )
        by = ", ".join(
            f"{escape(self.letter[who])}: {escape(who)}"
            for who in dict.fromkeys(who for who, _words in runs)
        )
        written_by = _("Written by")
        return (
            '<div class="coprodoc-authorship-passage">'
            f"<p>{text}</p>"
            f'<p class="coprodoc-authorship-by">{escape(written_by)}: {by}</p>'
            "</div>"
        )

    def _legend(self) -> str:
        total = sum(self.words.values()) or 1
        items = "".join(
            f"<li>{self._mark(who)} {escape(who)} "
            f"({round(100 * self.words[who] / total)}%)</li>"
            for who in self.letter
            if self.words[who]
        )
        return f'<ul class="coprodoc-authorship-legend">{items}</ul>'


def _aligned(written: list[str], shown: list[str]) -> list[str]:
    """*shown* (a mended line's words) as many as *written*: fewer are
    padded with nothing, more are joined into the last."""
    if len(shown) <= len(written):
        return shown + [""] * (len(written) - len(shown))
    keep = len(written) - 1
    return [*shown[:keep], " ".join(shown[keep:])] if written else []


def _letter(number: int) -> str:
    """A, B, ... Z, AA, AB, ..."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_link)
    app.connect("html-collect-pages", collect_pages)
