"""When a labelling word is applied to people: context for Vale-format rules.

Whether "vulnerable" labels someone depends on the words around it:
"vulnerable adults" and "she is vulnerable" do, "the vulnerable module" and
"the bridge was vulnerable to flooding" do not.  Vale's rule format says what
to look for, not in what company, so coprodoc adds two keys to a rule::

    words:                  # word lists, used in patterns as {name}
      hazards: [flooding, fire]
    context:                # by swap key or token, exactly as written; "*": any
      'vulnerable':
        report-if:          # report only if one of these holds
          - after: '{people}'
          - before: '{described-person}'
        skip-if:            # never report if one of these holds
          - after: 'to {hazards}'

``before`` is a pattern the text just before the match ends with (within
its sentence); ``after`` one the text just after it starts with; a condition
with both needs both.  Patterns are regular expressions matched whole-word,
on text whose spaces and line breaks are collapsed to single spaces.  Shared
lists (``people``, ``person``, ``be``, ...) ship in ``context_words.yml``.
Rule files keep these keys in a second YAML document, which Vale never reads
(see :mod:`coprodoc.language.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from coprodoc.patterns import compile_later

WORDS_FILE = Path(__file__).parent / "context_words.yml"
#: ``{name}``: a word list (quantifiers such as ``{1,3}`` start with a digit).
PLACEHOLDER = compile_later(r"(?<!\\)\{([A-Za-z][\w-]*)\}")
#: Where a sentence or clause ends, for the text "before" a match.
CLAUSE_END = compile_later(r"[.!?;:](?=\s)|\s[–—]\s")
#: How much text either side a pattern can see.
REACH = 160
_BOUNDARY = r"\w'’-"


class LazyPattern:
    """A checked regular expression that pickles as its source and compiles
    again only when first used.

    The labelling rules are cached between builds; a pickled compiled
    pattern is compiled again as it loads, and the context patterns (word
    lists of hundreds of words) take most of an incremental build's time
    with the rules, though a page that never uses the word they follow
    never needs them.
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self.pattern, self.flags = compiled.pattern, compiled.flags
        self._compiled: re.Pattern[str] | None = compiled

    def __getstate__(self) -> tuple[str, int]:
        return self.pattern, self.flags

    def __setstate__(self, state: tuple[str, int]) -> None:
        self.pattern, self.flags = state
        self._compiled = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyPattern) and (self.pattern, self.flags) == (
            other.pattern,
            other.flags,
        )

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)


class Condition(NamedTuple):
    """Text before and/or after a match; ``None`` means "anything"."""

    before: LazyPattern | None
    after: LazyPattern | None

    def holds(self, before: str, after: str) -> bool:
        if self.before is not None and not self.before.search(before):
            return False
        return self.after is None or bool(self.after.match(after))


class Context(NamedTuple):
    """When one alternative of a rule counts as a finding."""

    report_if: tuple[Condition, ...]
    skip_if: tuple[Condition, ...]

    def allows(self, text: str, start: int, end: int) -> bool:
        """Whether the match ``text[start:end]`` is reported."""
        before, after = surroundings(text, start, end)
        if any(condition.holds(before, after) for condition in self.skip_if):
            return False
        return not self.report_if or any(
            condition.holds(before, after) for condition in self.report_if
        )


def surroundings(text: str, start: int, end: int) -> tuple[str, str]:
    """The clause before a match and the text after it, spaces collapsed."""
    before = text[max(0, start - REACH) : start]
    ends = list(CLAUSE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    after = text[end : end + REACH]
    return _collapse(before).strip(), _collapse(after).strip()


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=1)
def shared_words() -> dict[str, tuple[str, ...]]:
    """The word lists coprodoc ships, for every rule."""
    import yaml

    data = yaml.safe_load(WORDS_FILE.read_text("utf-8"))
    return words_from(data)


def words_from(spec: Any) -> dict[str, tuple[str, ...]]:
    """Word lists from a rule's ``words`` mapping: name -> list of patterns."""
    if spec is None:
        return {}
    if not isinstance(spec, Mapping):
        raise ValueError("'words' must map list names to lists of words")
    lists: dict[str, tuple[str, ...]] = {}
    for name, entries in spec.items():
        if isinstance(entries, str):
            entries = [entries]
        if (
            not isinstance(entries, list)
            or not entries
            or not all(isinstance(entry, str) for entry in entries)
        ):
            raise ValueError(
                f"words[{name!r}] must be a list of words or patterns (quote "
                "each one: a pattern with ': ' in it is a mapping in YAML)"
            )
        lists[str(name)] = tuple(str(entry) for entry in entries)
    return lists


def expand(pattern: str, words: Mapping[str, Sequence[str]]) -> str:
    """*pattern* with each ``{name}`` replaced by its word list."""

    def replace(match: re.Match[str], depth: int) -> str:
        name = match.group(1)
        if name not in words:
            raise ValueError(
                f"{{{name}}} is not a word list (known: {', '.join(sorted(words))})"
            )
        if depth > 8:
            raise ValueError(f"word list {{{name}}} uses itself")
        parts = [
            PLACEHOLDER.sub(lambda m: replace(m, depth + 1), entry)
            for entry in words[name]
        ]
        return "(?:" + "|".join(parts) + ")"

    return PLACEHOLDER.sub(lambda m: replace(m, 0), pattern)


def _compile(
    pattern: str, words: Mapping[str, Sequence[str]], flags: int, side: str
) -> LazyPattern:
    body = expand(pattern.strip(), words)
    if side == "before":
        body = rf"(?<![{_BOUNDARY}])(?:{body})$"
    else:
        body = rf"(?:{body})(?![{_BOUNDARY}])"
    try:
        return LazyPattern(re.compile(body, flags))
    except re.error as exc:
        raise ValueError(f"{side} pattern {pattern!r} is not valid: {exc}") from exc


def _condition(
    spec: Any, words: Mapping[str, Sequence[str]], flags: int, where: str
) -> Condition:
    if not isinstance(spec, Mapping) or not spec or set(spec) - {"before", "after"}:
        raise ValueError(f"{where}: each condition is a mapping with before, after")
    before, after = spec.get("before"), spec.get("after")
    return Condition(
        None if before is None else _compile(str(before), words, flags, "before"),
        None if after is None else _compile(str(after), words, flags, "after"),
    )


def _conditions(
    spec: Any, words: Mapping[str, Sequence[str]], flags: int, where: str
) -> tuple[Condition, ...]:
    if spec is None:
        return ()
    if not isinstance(spec, list):
        raise ValueError(f"{where} must be a list of conditions")
    return tuple(_condition(item, words, flags, where) for item in spec)


def contexts_from(
    spec: Any, keys: Sequence[str], local_words: Any, flags: int
) -> dict[str, Context]:
    """A rule's ``context`` mapping, checked against its swap keys or tokens."""
    local = words_from(local_words)
    if spec is None:
        return {}
    if not isinstance(spec, Mapping):
        raise ValueError("'context' must map swap keys or tokens to conditions")
    words = {**shared_words(), **local}
    contexts = {}
    for key, entry in spec.items():
        key = str(key)
        if key != "*" and key not in keys:
            raise ValueError(
                f"'context' names {key!r}, which is not a swap key or token of "
                "this rule (write it exactly as in the rule, or '*')"
            )
        if not isinstance(entry, Mapping) or set(entry) - {"report-if", "skip-if"}:
            raise ValueError(f"context[{key!r}] takes report-if and skip-if lists")
        contexts[key] = Context(
            _conditions(entry.get("report-if"), words, flags, f"{key!r} report-if"),
            _conditions(entry.get("skip-if"), words, flags, f"{key!r} skip-if"),
        )
    return contexts
