"""Where a directive's options and content are written, and options the
parsers read as text.

Warnings about an option point at the option's own line, so a contributor
sees the line to fix (docutils and Sphinx only know the directive's first
line).  And options written in ways a person expects to work are read as
options, where docutils and MyST would publish them as text:

- in MyST, an option continued on an indented line, as rST allows
  (``:by: p01,`` then ``  p03``): MyST ends its options at the first line
  that does not start with ``:``, so the rest of the value, a name perhaps,
  and every option below it became the block's text;
- in both, options after a blank line below the directive's first line;
  in rST, an option without a space after its second colon (``:by:p01``)
  and an option indented differently from the one above it.

The continued form is read as meant, silently; the others with a warning
that says how to write them.  Only the directive's own option names are
taken, so a paragraph that starts with a role stays text.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from coprodoc.logs import warn
from coprodoc.patterns import compile_later

if TYPE_CHECKING:
    from coprodoc.directives.base import CoprodocDirective

#: An option's first line: ``:name: value`` (rST and MyST), or ``name:
#: value`` inside MyST's ``---`` block.
_OPTION = compile_later(r"\s*:([^:\s][^:]*):")
_YAML_OPTION = compile_later(r"\s*([\w-]+)\s*:(?:\s|$)")
#: An option where the parsers read text, at the start of a line:
#: ``:name: value``, or ``:name:value`` (not ``:role:`text```).
_STRAY_OPTION = compile_later(r":([A-Za-z][\w-]*):(?:\s+(.*)|([^\s`].*))?$")


def is_myst(directive: CoprodocDirective) -> bool:
    return type(directive.state).__module__.startswith("myst_parser")


def content_start(directive: CoprodocDirective) -> int:
    """The line of the block (0: the directive's own) where its content
    starts; after the last line when it has none."""
    lines = directive.block_text.splitlines()
    if not directive.content:
        return len(lines)
    if is_myst(directive):
        # MyST gives the content's offset in the block, docutils in the input
        return 1 + directive.content_offset
    return directive.content_offset - directive.lineno + 1


def option_lines(directive: CoprodocDirective) -> list[tuple[str, int, str]]:
    """Each option before the content: its name (case-folded), its first
    line in the block, and its value as written (with the indented lines
    that go on with it)."""
    lines = directive.block_text.splitlines()
    found: list[tuple[str, int, str]] = []
    in_yaml = False
    indent = ""
    for offset in range(1, min(content_start(directive), len(lines))):
        line = lines[offset]
        if line.strip() == "---":
            in_yaml = not in_yaml
            continue
        match = (_YAML_OPTION if in_yaml else _OPTION).match(line)
        if match:
            name = match.group(1).strip().casefold()
            indent = line[: len(line) - len(line.lstrip())]
            found.append((name, offset, line[match.end() :].strip()))
        elif found and line.strip() and line.startswith(indent + " "):
            name, first, value = found[-1]
            found[-1] = (name, first, f"{value}\n{line.strip()}".strip())
    return found


def location_in_block(directive: CoprodocDirective, offset: int) -> str:
    """Where line *offset* of the block is written ("path:line")."""
    line = directive.lineno + offset
    if is_myst(directive):
        return f"{directive.get_source_info()[0]}:{line}"
    source, found = directive.state_machine.get_source_and_line(line)
    if not source or not found:
        return directive.get_location()
    # docutils gives an included file relative to the working folder
    return f"{os.path.abspath(source)}:{found}"


def option_location(directive: CoprodocDirective, name: str) -> str:
    """Where option *name* is first written; the directive's line when it
    cannot be found."""
    for written, offset, _value in option_lines(directive):
        if written == name.casefold():
            return location_in_block(directive, offset)
    return directive.get_location()


def content_location(directive: CoprodocDirective, index: int = 0) -> str:
    """Where line *index* of the content is written."""
    if is_myst(directive):
        return location_in_block(directive, content_start(directive) + index)
    source, offset = directive.content.items[index]
    return (
        f"{os.path.abspath(source)}:{offset + 1}"
        if source
        else directive.get_location()
    )


def missing_by_hint(directive: CoprodocDirective) -> str:
    """For a block without ``:by:``: where the ids were probably written
    instead, on the directive's own line (``.. contribution:: p01``), which
    both parsers read as the block's text.  The text is not repeated."""
    first = directive.block_text.split("\n", 1)[0]
    marker = "}" if is_myst(directive) else "::"
    after = first.split(marker, 1)[1] if marker in first else ""
    if directive.arguments or not after.strip():
        return ""
    return (
        " (the text on the directive's own line is read as its text, not as "
        "who it is by: write :by: and the ids on the line below it)"
    )


#: Options that hold lists (of ids, of roles): given twice, both are read.
LIST_OPTIONS = frozenset(
    {"by", "role", "deciders", "chair", "confirmed-by", "confirmed-via"}
)


def warn_repeated_options(directive: CoprodocDirective) -> None:
    """MyST keeps the last of an option given twice, silently (docutils
    refuses the block), and reads ``:By:`` as an option of its own: a second
    ``:by:`` dropped the people of the first.  A list option given twice
    keeps both lists; another keeps the last, as MyST does; either way with
    a warning."""
    if not is_myst(directive):
        return
    written: dict[str, list[tuple[int, str]]] = {}
    for name, offset, value in option_lines(directive):
        if name in _names(directive):
            written.setdefault(name, []).append((offset, value))
    for name, lines in written.items():
        keys = [key for key in directive.options if key.casefold() == name]
        if len(lines) < 2 and keys in ([], [_key(directive, name)]):
            continue
        for key in keys:
            del directive.options[key]
        if len(lines) < 2:  # ":By:" alone: the option it means
            _set_option(directive, name, lines[0][1])
            continue
        both = name in LIST_OPTIONS
        kept = ", ".join(value for _offset, value in lines) if both else lines[-1][1]
        _set_option(directive, name, kept)
        first = directive.lineno + lines[0][0]
        warn(
            f"the :{name}: option is given twice (first on line {first}); "
            + (
                "both were read: write it once, with all its values separated by commas"
                if both
                else "only this one is used: write it once"
            ),
            "option",
            location_in_block(directive, lines[-1][0]),
        )


def recover_options(directive: CoprodocDirective) -> None:
    """Read as options the option lines the parser left at the start of the
    content (see the module); the content keeps the rest.

    After options the parser did read, in a block that has text, only a list
    option given again (a second ``:by:``) is taken: a field list starting
    the text (``:For: fewer trips``) is text, but a name written there must
    not be published."""
    lines = list(directive.content)
    continued = _continued(directive, lines)
    start = 0
    if continued is None and not directive.options:
        while start < len(lines) and not lines[start].strip():
            start += 1  # MyST keeps blank lines before the content
    taken = _option_block(lines, start, continued)
    if not taken:
        return
    if continued is None:
        names = {name for name, _as_written, _value, _end in taken}
        if directive.options and directive.takes_content:
            if not names <= LIST_OPTIONS:
                return
        elif not {written for _name, written, _v, _e in taken} & _exact_names(
            directive
        ):
            return
    values: dict[str, str] = {}
    for position, (name, _as_written, value, _end) in enumerate(taken):
        if position == 0 and name == continued:
            values[name] = f"{_raw(directive, name)}\n{value}"
        elif name in values or name in directive.options:
            earlier = values.get(name) or _raw(directive, name)
            values[name] = f"{earlier}, {value}" if name in LIST_OPTIONS else value
        else:
            values[name] = value
    if continued is None:  # after a continued value, options are where they go
        warn(
            f"the options of the {directive.name} directive were written "
            "where its text goes; they were read as options: write them on "
            "the lines right below its first line, with no blank line before "
            "them, as ':name: value' with a space after the second colon",
            "option",
            content_location(directive, start),
        )
    for name, value in values.items():
        _set_option(directive, name, value)
    end = taken[-1][3]
    directive.content = directive.content[end:]
    directive.content_offset += end


def _option_block(
    lines: list[str], index: int, continued: str | None
) -> list[tuple[str, str, str, int]]:
    """The options written from line *index* of the content: (name, name as
    written, value, the content line after it), up to the first line that
    is neither an option nor the indented continuation of one.  *continued*
    is an option above the content that its first lines go on with (see
    :func:`_continued`)."""
    found: list[list[Any]] = [[continued, continued, "", index]] if continued else []
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        match = _STRAY_OPTION.match(line)
        if match:
            value = (match.group(2) or match.group(3) or "").strip()
            found.append([match.group(1).casefold(), match.group(1), value, index + 1])
        elif line[:1].isspace() and found:
            found[-1][2] = f"{found[-1][2]}\n{line.strip()}".strip()
            found[-1][3] = index + 1
        else:
            break
        index += 1
    return [(name, written, value, end) for name, written, value, end in found]


def _continued(directive: CoprodocDirective, lines: list[str]) -> str | None:
    """In MyST, the option whose value the first lines of the content go on
    with (indented, right below it): when its value ends with a comma, when
    an option follows those lines, or when they hold only ids (or a name or
    an address written for one).  Otherwise they are text: a list, or a
    code block."""
    if not is_myst(directive) or not lines or not lines[0][:1].isspace():
        return None
    above = [row for row in option_lines(directive) if row[0] in _names(directive)]
    if not above or above[-1][1] != content_start(directive) - 1:
        return None  # a blank line between: an indented first line of text
    name, _offset, value = above[-1]
    indented = []
    for line in lines:
        if not line.strip() or not line[:1].isspace():
            break
        indented.append(line.strip())
    after = lines[len(indented)] if len(indented) < len(lines) else ""
    match = _STRAY_OPTION.match(after)
    if value.rstrip().endswith(",") or (
        match and match.group(1) in _exact_names(directive)
    ):
        return name
    if name in LIST_OPTIONS and _only_ids(directive, " ".join(indented)):
        return name
    return None


def _only_ids(directive: CoprodocDirective, text: str) -> bool:
    """Whether every word of *text* is an id the registry knows, or part of
    a name or an address that would be shown as a person who is not named."""
    # imported here: coprodoc.directives.options reads the registry
    from coprodoc.directives.options import cleaned_ids, hidden_runs, split_list
    from coprodoc.registry import ANONYMOUS
    from coprodoc.state import get_registry

    registry = get_registry(directive.env)
    ids = cleaned_ids(split_list(text), registry)
    covered = {
        n for first, last in hidden_runs(ids, registry) for n in range(first, last + 1)
    }
    return bool(ids) and all(
        n in covered or registry.knows(ident) or ident == ANONYMOUS
        for n, ident in enumerate(ids)
    )


def _raw(directive: CoprodocDirective, name: str) -> str:
    """Option *name* as written above the content."""
    found = [
        value for written, _offset, value in option_lines(directive) if written == name
    ]
    return found[-1] if found else str(directive.options.get(name) or "")


def reread_refused_options(directive: CoprodocDirective) -> None:
    """MyST drops every option of a block when it cannot read one of them
    (``:chair:p01`` without a space), with its own warning: a decision
    then showed "Proposed" though it was accepted.  The options are read
    from the block as written, with a warning that says how to write them."""
    if not is_myst(directive) or directive.options:
        return
    written = [row for row in option_lines(directive) if row[0] in _names(directive)]
    if not written:
        return
    for name, _offset, value in written:
        _set_option(directive, name, value)
    warn(
        f"MyST could not read the options of this {directive.name} and left "
        "them all out; they were read as written: write each as ':name: "
        "value', with a space after the second colon",
        "option",
        location_in_block(directive, written[0][1]),
    )


def split_argument_options(directive: CoprodocDirective) -> None:
    """docutils reads the lines below a directive's name as its argument (a
    decision's title) up to the first option, and ``:chair:p01`` without a
    space is none: it was published in the title.  Such lines, and the
    lines after them, are read as options, with a warning."""
    if not directive.arguments:
        return
    lines = directive.arguments[-1].split("\n")
    start = next(
        (
            n
            for n, line in enumerate(lines)
            if (match := _STRAY_OPTION.match(line.strip()))
            and match.group(1) in _exact_names(directive)
        ),
        None,
    )
    if start is None:
        return
    directive.arguments[-1] = "\n".join(lines[:start]).strip()
    for name, _written, value, _end in _option_block(
        [line.strip() if _STRAY_OPTION.match(line.strip()) else line for line in lines],
        start,
        None,
    ):
        if name in directive.options and name in LIST_OPTIONS:
            value = f"{_raw(directive, name)}, {value}"
        _set_option(directive, name, value)
    warn(
        f"an option of the {directive.name} directive was read as part of "
        "its title, for want of a space after its second colon; it was read "
        "as an option: write ':name: value'",
        "option",
        location_in_block(directive, start),
    )


def split_misindented(directive: CoprodocDirective) -> None:
    """An option indented deeper than the one above it is, for docutils,
    a line of that option's value (``:by: p01`` then `` :role: review``
    gives the ids "p01", ":role:" and "review"): read it as its own option,
    with a warning."""
    for name, value in list(directive.options.items()):
        if not isinstance(value, str) or "\n" not in value:
            continue
        kept: list[str] = []
        found: dict[str, str] = {}
        for line in value.split("\n"):
            match = _STRAY_OPTION.match(line.strip())
            option = match.group(1).casefold() if match else ""
            if (
                match
                and option in _names(directive)
                and option not in directive.options
            ):
                found[option] = (match.group(2) or match.group(3) or "").strip()
            elif found:
                last = list(found)[-1]
                found[last] = f"{found[last]}\n{line.strip()}".strip()
            else:
                kept.append(line)
        if not found:
            continue
        directive.options[name] = "\n".join(kept)
        for option, text in found.items():
            warn(
                f"the :{option}: option is indented differently from the :{name}: "
                f"option above it, so it was read as part of :{name}:; it was "
                "read as its own option: start every option at the same indent",
                "option",
                option_location(directive, option),
            )
            _set_option(directive, option, text)


def _names(directive: CoprodocDirective) -> set[str]:
    return {name.casefold() for name in directive.option_spec}


def _exact_names(directive: CoprodocDirective) -> set[str]:
    """The options, as written in lower case: ``:Date:`` starting a text is
    a field of a field list, not an option."""
    return {name for name in directive.option_spec if name != "class"}


def _key(directive: CoprodocDirective, name: str) -> str:
    return next((key for key in directive.option_spec if key.casefold() == name), name)


def _set_option(directive: CoprodocDirective, name: str, value: str) -> None:
    """Set option *name* (case-folded) from *value* as written; one the
    directive does not have is kept for :meth:`check_usage` to warn about."""
    key = next((key for key in directive.option_spec if key.casefold() == name), name)
    convert: Any = directive.option_spec[key]  # docutils' own take None
    try:
        directive.options[key] = convert(value or None)
    except (ValueError, TypeError):
        warn(
            f":{key}: takes no value here; it was left out",
            "option",
            option_location(directive, key),
        )
