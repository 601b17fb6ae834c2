"""Turning plain-language checks off for a site, a page or a passage.

A check people cannot switch off where it is wrong gets switched off
everywhere, so each level has a switch, and each names what it turns off:
a labelling rule (``coprodoc.Vulnerable``), a style (``coprodoc``: all its
rules), one of :data:`CHECKS`, or ``all``.

- site: ``coprodoc_language_disabled = ["coprodoc.Empower", "acronym"]``;
- page: ``:coprodoc-language-disable: coprodoc.Vulnerable, acronym`` in the
  field list at the top of an rST page, or the same key in MyST front matter;
- passage: a comment ``coprodoc-language: off`` (all, or the names after
  it) until ``coprodoc-language: on``; in rST ``.. coprodoc-language: off``,
  in MyST ``<!-- coprodoc-language: off -->`` or ``% coprodoc-language: off``.
  Vale's own comments (``vale off``, ``vale on``, ``vale Style.Rule = NO``)
  work too, so a page written for Vale needs no second set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from docutils.utils import get_source_line

from coprodoc.patterns import compile_later

#: Checks that are not labelling rules, by the rule id their findings carry.
CHECKS = ("acronym", "easy-read-acronym", "sentence-length")
ALL = "all"
#: The page metadata key (rST field list, MyST front matter).
PAGE_KEY = "coprodoc-language-disable"

_NAMES = compile_later(r"[\w.-]+")
_OURS = compile_later(r"coprodoc-language\s*:\s*(\S*)\s*(.*)", re.S)
_VALE = compile_later(r"vale\s+(.*)", re.S)
_VALE_RULE = compile_later(r"([\w.-]+)\s*=\s*(YES|NO)", re.I)


class Off(NamedTuple):
    """What is switched off: rule ids, style names, check ids, or ``all``."""

    names: frozenset[str] = frozenset()

    def covers(self, rule_id: str) -> bool:
        if ALL in self.names or rule_id in self.names:
            return True
        return "." in rule_id and rule_id.split(".", 1)[0] in self.names

    def __or__(self, other: Off) -> Off:
        return Off(self.names | other.names)


def names_in(value: str) -> list[str]:
    """Names in a list written any way: ``a, b``, ``a b`` or ``["a", "b"]``
    (MyST gives front matter lists to Sphinx as JSON)."""
    return _NAMES.findall(value)


def known_names(rule_ids: Iterable[str]) -> set[str]:
    """Every name a switch may use, given the ids of the labelling rules."""
    ids = set(rule_ids)
    return {ALL, *CHECKS, *ids, *(rule_id.split(".", 1)[0] for rule_id in ids)}


class Switch(NamedTuple):
    """One passage comment: turn *names* on or off (empty: everything)."""

    on: bool
    names: frozenset[str]


def parse_switch(text: str) -> Switch | None:
    """The switch a comment holds, None if it holds none; ``ValueError`` for
    a ``coprodoc-language:`` comment that is not one."""
    text = text.strip()
    text = text.removeprefix("<!--").removesuffix("-->").strip()
    ours = _OURS.fullmatch(text)
    if ours:
        verb, rest = ours.group(1).lower(), ours.group(2)
        if verb not in ("on", "off"):
            raise ValueError(
                f"{text!r} is not a switch: write 'coprodoc-language: off' or "
                "'coprodoc-language: on', optionally followed by rule ids"
            )
        return Switch(verb == "on", frozenset(names_in(rest)))
    vale = _VALE.fullmatch(text)
    if not vale:
        return None
    rest = vale.group(1).strip()
    if rest.lower() in ("on", "off"):
        return Switch(rest.lower() == "on", frozenset())
    settings = _VALE_RULE.findall(rest)
    if not settings or len({value.upper() for _name, value in settings}) != 1:
        return None
    return Switch(
        settings[0][1].upper() == "YES", frozenset(name for name, _v in settings)
    )


def _switch_text(node: nodes.Element) -> str | None:
    if isinstance(node, nodes.comment):
        return node.astext()
    if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
        return node.astext()
    return None


def switch_in(node: nodes.Element) -> tuple[Switch | None, str | None]:
    """The switch *node* holds, if any, and a problem if it is a malformed
    switch."""
    text = _switch_text(node)
    if text is None:
        return None, None
    try:
        return parse_switch(text), None
    except ValueError as exc:
        return None, str(exc)


def apply(state: frozenset[str], switch: Switch) -> frozenset[str]:
    """The names switched off after *switch*."""
    if not switch.on:
        return state | (switch.names or {ALL})
    if not switch.names:
        return frozenset()
    return state - switch.names


def switch_location(node: nodes.Element) -> str | None:
    """``path:line`` of a switch comment.

    docutils gives an rST comment the line after it, and MyST gives a ``%``
    comment none of its own (the line is looked up in the source then).
    """
    source, line = get_source_line(node)
    if not source:
        return None
    text = node.astext()
    if isinstance(node, nodes.comment):
        found = _line_of(source, text.splitlines()[0] if text else "")
        if found:
            line = found
        elif line is not None:
            line -= max(1, len(text.splitlines()))
    return f"{source}:{line}" if line else source


def _line_of(path: str, text: str) -> int | None:
    """The first line of *path* that is a ``%`` comment holding *text*."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("%") and text.strip() in stripped:
            return number
    return None
