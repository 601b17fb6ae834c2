"""What every coprodoc directive shares: plain-text options, unique ids.

Options are read as plain text and checked by the directive (see
:mod:`coprodoc.directives.options`), so a bad value gives a typed
``coprodoc.*`` warning instead of an untyped docutils error.  Ids are unique
in the document: a record named ``cash-safety`` is ``dissent-cash-safety``,
an unnamed one ``dissent-1``, ``dissent-2``, ... and an id a section already
has ("Contribution 1" → ``contribution-1``) is never reused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import get_close_matches
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from coprodoc.directives import written
from coprodoc.directives.options import shortened
from coprodoc.logs import warn
from coprodoc.patterns import compile_later

#: A MyST fence line: three or more backticks (or colons), then its info.
_FENCE = compile_later(r"^ {0,3}(`{3,}|:{3,})(.*)$")


def unclosed_fence(lines: Sequence[str], colons: bool) -> tuple[int, str] | None:
    """The first fence opened in *lines* (a MyST directive's content) that
    is never closed: its index and its text.

    Inside a directive's fence (one with ``{name}``) a fence opens a nested
    block; inside a code fence everything is text.  A fence that is never
    closed means the fence meant to close the directive closed it instead:
    the nested block's closing fence was as long as the directive's own.
    """
    stack: list[tuple[int, str, str]] = []
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if not match or (match.group(1)[0] == ":" and not colons):
            continue
        fence, info = match.group(1), match.group(2).strip()
        if stack:
            _index, outer, outer_info = stack[-1]
            if fence[0] == outer[0] and len(fence) >= len(outer) and not info:
                stack.pop()
                continue
            if not outer_info.startswith("{"):
                continue  # a line of a code block
        if fence[0] == "`" and "`" in info:
            continue  # not a fence at all (CommonMark)
        stack.append((index, fence, info))
    if not stack:
        return None
    index, fence, info = stack[0]
    return index, fence + info


#: ``env.temp_data`` key: the kinds of the blocks whose text is being read,
#: innermost last.
_INSIDE = "coprodoc-inside"
_BLOCK_NAMES = {"plain-language": "plain-language summary"}


class _Unknown(str):
    """The value of an option the directive does not have, kept until the
    directive warns about it (see :meth:`CoprodocDirective.check_usage`)."""


def _unknown(value: str | None) -> _Unknown:
    return _Unknown(value or "")


class _BadClasses(str):
    """A ``:class:`` value that is no list of class names, kept until the
    directive warns about it."""


def _classes(value: str | None) -> list[str] | _BadClasses:
    """``:class:`` as docutils reads it, or the value it could not read
    (empty, or no class name in it), for a ``coprodoc.option`` warning
    instead of docutils' error that drops the block."""
    try:
        return directives.class_option(value)  # type: ignore[arg-type]
    except ValueError:
        return _BadClasses(value or "")


class _AnyOptions(dict[str, Callable[[str], Any]]):
    """An ``option_spec`` that lets an option the directive does not have
    through (docutils and MyST look each one up by name), so a typo such as
    ``:limt:`` gets a ``coprodoc.option`` warning, not docutils' untyped
    error that drops the whole block."""

    def __missing__(self, name: str) -> Callable[[str | None], _Unknown]:
        return _unknown


class CoprodocDirective(SphinxDirective):
    """Base of coprodoc's directives."""

    #: every directive takes ``:class:``, as docutils' own do
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "class": _classes,
    }
    #: whether the directive has content; ``has_content`` itself is always
    #: True, so that content given by mistake reaches :meth:`check_usage`
    takes_content: ClassVar[bool] = True
    #: for the blocks a page's record is made of, their kind, and the kinds
    #: whose text they may stand in (see :meth:`check_nesting`)
    block_kind: ClassVar[str] = ""
    nests_in: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "has_content" in cls.__dict__:
            cls.takes_content = cls.has_content
            cls.has_content = True
        cls.option_spec = _AnyOptions(cls.option_spec)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        written.reread_refused_options(self)
        written.recover_options(self)
        written.split_argument_options(self)
        written.split_misindented(self)
        written.warn_repeated_options(self)
        self.check_usage()
        self.check_nesting()

    def option_location(self, name: str) -> str:
        """Where option *name* is written ("path:line"), so a warning about
        its value points at that line, not the directive's."""
        return written.option_location(self, name)

    def content_location(self, index: int = 0) -> str:
        """Where line *index* of the content is written ("path:line")."""
        return written.content_location(self, index)

    def check_usage(self) -> None:
        """Warn about, and set aside, what the directive does not take: an
        option it does not have, or content (in both parsers, text after the
        name of a directive that takes no argument is content too)."""
        known = sorted(name for name in self.option_spec if name != "class")
        for name, value in list(self.options.items()):
            if isinstance(value, _BadClasses):
                del self.options[name]
                warn(
                    f":class: {shortened(value)!r} is not a list of class names "
                    "(letters, digits and hyphens, separated by spaces); it was "
                    "left out",
                    "option",
                    self.option_location(name),
                )
            if not isinstance(value, _Unknown):
                continue
            del self.options[name]
            close = get_close_matches(name, known, 1)
            hint = f" (did you mean :{close[0]}:?)" if close else ""
            takes = ", ".join(f":{k}:" for k in known) or "only :class:"
            warn(
                f"the {self.name} directive has no :{shortened(name)}: option"
                f"{hint}; it was left out (the options are {takes})",
                "option",
                self.option_location(name),
            )
        if self.content and not self.takes_content:
            index, first = next(
                (
                    (n, line.strip())
                    for n, line in enumerate(self.content)
                    if line.strip()
                ),
                (0, ""),
            )
            then = (
                "its options go on the lines below it, as ':name: value'"
                if known
                else "it is written alone on its line"
            )
            warn(
                f"the {self.name} directive takes no content and no argument: "
                f"{shortened(first, 60)!r} was left out ({then})",
                "content",
                self.content_location(index),
            )
            self.content = StringList()

    def text(self, option: str) -> str | None:
        """A text option, stripped; None when it is missing or empty."""
        return (self.options.get(option) or "").strip() or None

    def classes(self, *own: str) -> list[str]:
        """The directive's own classes, then those given with ``:class:``."""
        return [*own, *self.options.get("class", [])]

    def unique_id(self, prefix: str, name: str | None = None) -> str:
        """An id no other element of the document has (see the module)."""
        document = self.state.document
        # Every block takes a number, named or not, so an unnamed block keeps
        # its id when another one gets a name.
        number = self.env.new_serialno(f"coprodoc-{prefix}") + 1
        candidate = nodes.make_id(f"{prefix}-{name}") if name else f"{prefix}-{number}"
        wanted = candidate
        while candidate in document.ids:
            number = self.env.new_serialno(f"coprodoc-{prefix}") + 1
            candidate = f"{prefix}-{number}"
        if name and candidate != wanted and prefix == "contribution":
            # (dissents and decisions: see honesty, across pages)
            warn(
                f"the id {wanted!r} is already taken on this page (by another "
                f"block or a section), so this {self.name}'s id is {candidate!r}: "
                "give it another :name:",
                "duplicate-id",
                self.option_location("name"),
            )
        return candidate

    def parse_content_to_nodes(
        self, allow_section_headings: bool = False
    ) -> list[nodes.Node]:
        """The content as nodes; in MyST, first a check that no block nested
        in it took the directive's closing fence (see :func:`unclosed_fence`)."""
        if written.is_myst(self):
            self.check_fences()
        inside = self._inside()
        inside.append(self.block_kind)
        try:
            return super().parse_content_to_nodes(
                allow_section_headings=allow_section_headings
            )
        finally:
            inside.pop()

    def _inside(self) -> list[str]:
        found = self.env.temp_data.setdefault(_INSIDE, [])
        return found if isinstance(found, list) else []

    def check_nesting(self) -> None:
        """A record block in another's text is shown as part of it: a
        decision inside a dissent reads as the dissenter's own words."""
        inside = [kind for kind in self._inside() if kind]
        if not self.block_kind or not inside or inside[-1] in self.nests_in:
            return
        outer, what = (_BLOCK_NAMES.get(k, k) for k in (inside[-1], self.block_kind))
        warn(
            f"this {what} is inside the text of a {outer}, so it is shown "
            f"as part of the {outer}: put it after the {outer}, at the same "
            "indent (or, in MyST, after its closing fence)",
            "nesting",
            self.get_location(),
        )

    def check_fences(self) -> None:
        colons = "colon_fence" in getattr(self.config, "myst_enable_extensions", ())
        found = unclosed_fence(list(self.content), colons)
        if found is None:
            return
        index, fence = found
        # MyST gives the line of the fence, and the content's offset in it
        line = self.lineno + 1 + self.content_offset + index
        inner = re.search(r"\{([^}]*)\}", fence)
        nested, outer = f"{{{inner.group(1) if inner else 'response'}}}", self.name
        if fence.startswith("`"):
            effect = (
                f"so the fence meant to close the {outer} starts a code block "
                "that swallows what follows"
            )
        else:
            effect = f"so what follows the {outer} is read as part of it"
        warn(
            f"the {outer}'s closing fence is taken by the {fence.strip()!r} "
            f"nested in it (line {line}), {effect}: use four backticks on the "
            f"outer fence (````{{{outer}}} … ````) or `:::` colon fences with "
            f"more colons on the outer one (::::{{{outer}}} … :::{nested} … "
            "::: … ::::)",
            "myst-fence",
            self.get_location(),
        )

    def claim(self, node: nodes.Element) -> nodes.Element:
        """Register *node*'s ids with the document, so later sections and
        blocks do not take them; give it the directive's source and line."""
        self.set_source_info(node)
        for node_id in node["ids"]:
            self.state.document.ids.setdefault(node_id, node)
        return node
