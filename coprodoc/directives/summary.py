"""The ``plain-language`` directive and the ``plain-language-coverage`` report.

A summary is measured when it is read, so its reading level is shown to
readers in words ("Reading age about 9") and checked against the target.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.builders import Builder
from sphinx.transforms import SphinxTransform

from coprodoc.config import settings
from coprodoc.data import get_data, reading_order
from coprodoc.directives.base import CoprodocDirective
from coprodoc.directives.options import (
    checked_choice,
    checked_ids,
    is_whole_number,
    split_list,
)
from coprodoc.directives.parts import (
    body,
    by_field,
    field,
    place_link,
    start_block,
    table,
)
from coprodoc.language.readability import Readability, measure, sentence_spans, words
from coprodoc.language.text import text_blocks
from coprodoc.locale import _
from coprodoc.logs import warn
from coprodoc.nodes import coverage, summary
from coprodoc.patterns import compile_later

FORMATS = ("plain", "easy-read")


#: A BCP 47 language tag, loosely: a language and optional subtags.
LANGUAGE_TAG = compile_later(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
#: Languages summaries are often written in, by their English names, for a
#: ``:lang: Welsh`` written for ``:lang: cy``.
LANGUAGE_NAMES = {
    "english": "en",
    "welsh": "cy",
    "cymraeg": "cy",
    "irish": "ga",
    "gaelic": "gd",
    "scottish gaelic": "gd",
    "polish": "pl",
    "romanian": "ro",
    "urdu": "ur",
    "punjabi": "pa",
    "bengali": "bn",
    "gujarati": "gu",
    "arabic": "ar",
    "somali": "so",
    "french": "fr",
    "spanish": "es",
    "portuguese": "pt",
    "german": "de",
    "italian": "it",
    "lithuanian": "lt",
    "turkish": "tr",
    "tamil": "ta",
    "chinese": "zh",
    "ukrainian": "uk",
}


def reading_age_words(age: int) -> str:
    return _("Reading age about %d") % age


class PlainLanguageDirective(CoprodocDirective):
    """A plain-language or Easy Read summary of the section it stands in.

    Usage::

        .. plain-language::
           :audience: people who take part
           :format: easy-read
           :by: p06

           We pay you for your time.
    """

    block_kind = "plain-language"
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "audience": directives.unchanged,
        "format": directives.unchanged,
        "reading-age": directives.unchanged,
        "by": directives.unchanged,
        "lang": directives.unchanged,
        **CoprodocDirective.option_spec,
    }

    def run(self) -> list[nodes.Node]:
        location = self.get_location()
        thresholds = settings(self.env.config).plain_language
        lang = self._lang(self.option_location("lang"))
        fmt = checked_choice(
            self.options.get("format"),
            FORMATS,
            self.option_location("format"),
            "format",
        )
        target = self._target(
            thresholds.reading_age, self.option_location("reading-age")
        )
        by = split_list(self.options.get("by"))
        checked_ids(self.env, by, self.option_location("by"))
        audience = self.text("audience")
        content = self.parse_content_to_nodes()
        container = body(content)
        blocks = list(text_blocks(container))
        found = measure(block.text for block in blocks)
        # The reading-age formula is for English: a summary in another
        # language is shown and recorded, but not measured.
        measured = lang is None or lang.lower().split("-")[0] == "en"
        if not found.words:
            warn("plain-language summary has no text", "readability", location)

        node = summary(
            "",
            classes=self.classes("coprodoc-summary", f"coprodoc-format-{fmt}"),
            format=fmt,
            audience=audience,
            by=by,
            target_age=target,
            reading_age=found.reading_age if measured else None,
            grade=round(found.grade, 1) if measured else None,
            lang=lang,
        )
        label = _("Easy Read summary") if fmt == "easy-read" else _("In plain words")
        start_block(node, self.unique_id("summary"), nodes.strong("", label))
        self.claim(node)
        details = nodes.field_list(classes=["coprodoc-details"])
        if audience:
            details += field(_("For"), nodes.Text(audience))
        if by:
            details += by_field(_("Written by"), by)
        if found.words and measured:
            details += field(
                _("Reading level"), nodes.Text(reading_age_words(found.reading_age))
            )
        node += container
        node += details
        if measured:
            self._check(fmt, target, found, blocks, thresholds, location)
        return [node]

    def _lang(self, location: str) -> str | None:
        """A language tag (BCP 47, e.g. ``cy`` or ``pt-BR``) for a summary
        written in another language than the page."""
        value = (self.options.get("lang") or "").strip()
        if not value:
            return None
        if LANGUAGE_TAG.fullmatch(value):
            return value
        tag = LANGUAGE_NAMES.get(value.casefold())
        if tag is not None:
            warn(
                f":lang: {value!r} is a language's name, not its tag; it was "
                f"read as {tag!r} (write :lang: {tag})",
                "option",
                location,
            )
            return tag
        warn(
            f":lang: {value!r} is not a language tag such as 'cy' or 'pt-BR'; "
            "it is ignored",
            "option",
            location,
        )
        return None

    def _target(self, default: int, location: str) -> int:
        value = (self.options.get("reading-age") or "").strip()
        if not value:
            return default
        if is_whole_number(value) and 5 <= int(value) <= 18:
            return int(value)
        warn(
            f":reading-age: {value!r} is not a reading age from 5 to 18; "
            f"using {default}",
            "option",
            location,
        )
        return default

    def _check(
        self,
        fmt: str,
        target: int,
        found: Readability,
        blocks: list[Any],
        settings: Any,
        location: str,
    ) -> None:
        limit = (
            settings.easy_read_sentence_words
            if fmt == "easy-read"
            else settings.summary_sentence_words
        )
        kind = _("Easy Read") if fmt == "easy-read" else _("summary")
        for block in blocks:
            for offset, sentence in sentence_spans(block.text):
                count = len(words(sentence))
                if count > limit:
                    line = block.line_at(offset)
                    warn(
                        f"{kind} sentence has {count} words (at most {limit}): "
                        f"{_start(sentence)!r}; split it into shorter sentences",
                        "readability",
                        f"{block.source}:{line}" if line else location,
                    )
        if found.words and found.reading_age > target:
            warn(
                f"{kind} has a reading age of about {found.reading_age}, above the "
                f"target of {target} (Flesch-Kincaid grade {found.grade:.1f}); use "
                "shorter sentences and everyday words",
                "readability",
                location,
            )


def _start(sentence: str, length: int = 8) -> str:
    found = sentence.split()
    return " ".join(found[:length]) + (" …" if len(found) > length else "")


class MoveSummariesToTop(SphinxTransform):
    """Put each summary first in its section, right after the heading, so it
    is the first thing readers meet wherever the writer placed it."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        sections: dict[int, nodes.section] = {}
        for node in self.document.findall(summary):
            # A summary nested in a list or another block stays where it is.
            if isinstance(node.parent, nodes.section):
                sections.setdefault(id(node.parent), node.parent)
        for section in sections.values():
            start = 1 if isinstance(section[0], nodes.title) else 0
            rest = section.children[start:]
            summaries = [child for child in rest if isinstance(child, summary)]
            others = [child for child in rest if not isinstance(child, summary)]
            del section[start:]
            section.extend(summaries + others)


class CoverageDirective(CoprodocDirective):
    """Which sections have a summary, which lack one, and each reading level."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "missing-only": directives.flag,
        **CoprodocDirective.option_spec,
    }

    def run(self) -> list[nodes.Node]:
        node = coverage(
            "",
            missing_only="missing-only" in self.options,
            ids=[self.unique_id("plain-language-coverage")],
            classes=self.classes("coprodoc-coverage"),
        )
        return [self.claim(node)]


def render_coverage(
    builder: Builder, fromdocname: str, placeholder: coverage
) -> nodes.Element:
    data = get_data(builder.env)
    position = reading_order(builder.env)
    summaries: dict[tuple[str, str], list[Any]] = {}
    for record in data.all_summaries():
        summaries.setdefault((record.docname, record.section_id), []).append(record)
    rows: list[list[list[nodes.Node]]] = []
    covered = total = 0
    for docname in sorted(data.sections, key=lambda d: position.get(d, 0)):
        page = (
            builder.env.titles[docname].astext()
            if docname in builder.env.titles
            else docname
        )
        for section_id, title, _line in data.sections[docname]:
            if data.is_listing(docname, section_id):
                continue  # the site's own lists are not policy text
            total += 1
            found = summaries.get((docname, section_id), [])
            covered += bool(found)
            if found and placeholder["missing_only"]:
                continue
            text = title if title == page else f"{page}: {title}"
            ref = place_link(builder, fromdocname, docname, section_id, text)
            kinds = ", ".join(
                _("Easy Read") if s.format == "easy-read" else _("Plain words")
                for s in found
            )
            ages = "; ".join(
                reading_age_words(s.reading_age)
                + (" " + _("(target %d)") % s.target_age)
                if s.reading_age is not None
                else _("Not measured (not in English)")
                for s in found
            )
            rows.append(
                [
                    [ref],
                    [nodes.Text(kinds or _("No summary"))],
                    [nodes.Text(ages)],
                ]
            )
    headers = ((_("Section"), 40), (_("Summary"), 20), (_("Reading level"), 30))
    caption = _("Plain-language summaries: %(covered)d of %(total)d sections") % {
        "covered": covered,
        "total": total,
    }
    return table(
        placeholder["ids"],
        placeholder["classes"],
        caption,
        headers,
        rows,
        _("Every section has a summary."),
    )
