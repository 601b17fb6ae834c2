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

import re
from typing import TYPE_CHECKING, Any

from coprodoc.logs import warn

if TYPE_CHECKING:
    from coprodoc.directives.base import CoprodocDirective

#: An option's first line: ``:name: value`` (rST and MyST), or ``name:
#: value`` inside MyST's ``---`` block.
_OPTION = re.compile(r"\s*:([^:\s][^:]*):")
_YAML_OPTION = re.compile(r"\s*([\w-]+)\s*:(?:\s|$)")
#: An option where the parsers read text, at the start of a line:
#: ``:name: value``, or ``:name:value`` (not ``:role:`text```).
_STRAY_OPTION = re.compile(r":([A-Za-z][\w-]*):(?:\s+(.*)|([^\s`].*))?$")


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
    """Each option line before the content: its name (case-folded), its
    line in the block, and its value as written."""
    lines = directive.block_text.splitlines()
    found: list[tuple[str, int, str]] = []
    in_yaml = False
    for offset in range(1, min(content_start(directive), len(lines))):
        line = lines[offset]
        if line.strip() == "---":
            in_yaml = not in_yaml
            continue
        match = (_YAML_OPTION if in_yaml else _OPTION).match(line)
        if match:
            name = match.group(1).strip().casefold()
            found.append((name, offset, line[match.end() :].strip()))
    return found


def location_in_block(directive: CoprodocDirective, offset: int) -> str:
    """Where line *offset* of the block is written ("path:line")."""
    line = directive.lineno + offset
    if is_myst(directive):
        return f"{directive.get_source_info()[0]}:{line}"
    source, found = directive.state_machine.get_source_and_line(line)
    return f"{source}:{found}" if source and found else directive.get_location()


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
    return f"{source}:{offset + 1}" if source else directive.get_location()


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


def warn_repeated_options(directive: CoprodocDirective) -> None:
    """MyST keeps the last of an option given twice, silently (docutils
    refuses the block): a second ``:by:`` drops the people of the first."""
    if not is_myst(directive):
        return
    seen: dict[str, int] = {}
    for name, offset, _value in option_lines(directive):
        if name in seen:
            first = directive.lineno + seen[name]
            warn(
                f"the :{name}: option is given twice (first on line {first}); "
                "only this one is used: write it once, with all its values "
                "(ids separated by commas)",
                "option",
                location_in_block(directive, offset),
            )
        seen.setdefault(name, offset)


def recover_options(directive: CoprodocDirective) -> None:
    """Read as options the option lines the parser left at the start of the
    content (see the module); the content keeps the rest."""
    lines = list(directive.content)
    values: dict[str, str] = {}
    last: str | None = None
    index = 0
    continued = is_myst(directive) and bool(lines) and lines[0][:1].isspace()
    if continued and lines[0].strip():
        above = [row for row in option_lines(directive) if row[0] in _names(directive)]
        if not above or above[-1][1] != content_start(directive) - 1:
            return  # a blank line between: an indented first line of text
        last = above[-1][0]
        values[last] = above[-1][2]
    elif not directive.options:
        while index < len(lines) and not lines[index].strip():
            index += 1  # MyST keeps blank lines before the content
    stray_at: int | None = None
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        match = _STRAY_OPTION.match(line)
        if match and match.group(1).casefold() in _names(directive):
            last = match.group(1).casefold()
            if last in values or last in directive.options:
                break  # given twice: left as it is, for the parser's own rule
            values[last] = (match.group(2) or match.group(3) or "").strip()
            stray_at = index if stray_at is None else stray_at
        elif line[:1].isspace() and last is not None:
            values[last] += "\n" + line.strip()
        else:
            break
        index += 1
    if not values:
        return
    if stray_at is not None and not continued:
        warn(
            f"the options of the {directive.name} directive were written "
            "where its text goes; they were read as options: write them on "
            "the lines right below its first line, with no blank line before "
            "them, as ':name: value' with a space after the second colon",
            "option",
            content_location(directive, stray_at),
        )
    for name, value in values.items():
        _set_option(directive, name, value)
    directive.content = directive.content[index:]
    directive.content_offset += index


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


def _set_option(directive: CoprodocDirective, name: str, value: str) -> None:
    spec: dict[str, Any] = dict(directive.option_spec)
    key = next(key for key in spec if key.casefold() == name)
    try:
        directive.options[key] = spec[key](value or None)
    except (ValueError, TypeError):
        warn(
            f":{key}: takes no value here; it was left out",
            "option",
            option_location(directive, key),
        )
