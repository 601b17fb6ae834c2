"""Labelling-term rules in Vale's YAML format, with coprodoc's context.

Teams that already use Vale can point coprodoc at the same rule files, and the
rules coprodoc ships can be used by Vale.  Vale keys coprodoc reads:
``extends`` (``existence`` or ``substitution``), ``message``,
``description``, ``level``, ``ignorecase``, ``nonword``, ``tokens``,
``swap`` and ``exceptions``; other Vale keys (``scope``, ``link``,
``action``, ...) are accepted and ignored.  A rule's id is ``Style.Rule``:
the folder name and the file name, as in Vale.

coprodoc's extension, ``words`` and ``context`` (see
:mod:`coprodoc.language.context`), says when a match is about people.  In a
rule file it goes in a second YAML document, after a ``---`` line: Vale
reads only the first document of a rule file, and refuses keys it does not
know, so a file written this way works in both.  A rule given in
``coprodoc_language_rules`` (conf.py) has the keys in its own mapping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from coprodoc.language.context import WORDS_FILE, Context, LazyPattern, contexts_from
from coprodoc.language.needles import needles
from coprodoc.patterns import compile_later

BUILTIN_DIR = Path(__file__).parent / "rules"
BUILTIN_STYLE = "coprodoc"
#: Changes when :class:`Rule` changes shape, so no older cached rule is used.
FORMAT = 11
#: coprodoc's own keys: in a rule file's second YAML document.
EXTENSION_KEYS = frozenset({"words", "context"})


class Hit(NamedTuple):
    """One match of a rule in a text."""

    start: int
    end: int
    matched: str
    suggestion: str | None
    message: str


class Alternative(NamedTuple):
    """One swap key or token: its pattern, suggestion and context."""

    key: str
    pattern: LazyPattern
    suggestion: str | None
    context: Context | None


class Rule(NamedTuple):
    id: str
    kind: str
    message: str
    description: str
    level: str
    #: every alternative at once: a quick test before the context work.
    #: The patterns are lazy (compiled when first used): the rules are
    #: cached between builds, and an incremental build that checks one page
    #: compiled every rule's four patterns again as the cache loaded.
    pattern: LazyPattern
    alternatives: tuple[Alternative, ...]
    #: Vale's ``exceptions``: a match containing one is not reported
    exceptions: LazyPattern | None = None
    #: the terms alone, to search lower-cased ASCII text (see :func:`_trigger`)
    trigger: LazyPattern | None = None
    #: the terms without anchors and lookarounds, a looser pattern to try on
    #: a whole page's prose at once (with them, a term may match a block on
    #: its own and not where blocks meet); None: tried block by block
    page_trigger: LazyPattern | None = None
    #: whether :attr:`page_trigger` is for lower-cased text (see :func:`folded`)
    page_lowered: bool = False
    #: strings one of which every match of :attr:`page_trigger` contains
    #: (see :mod:`coprodoc.language.needles`); None: search every page
    page_needles: tuple[str, ...] | None = None

    @property
    def style(self) -> str:
        return self.id.split(".", 1)[0]

    def _may_match(self, flat: str) -> bool:
        """The quick test before the context work: never false when
        :attr:`pattern` would match *flat*."""
        if self.trigger is not None:
            return self.trigger.search(folded(flat)) is not None
        return self.pattern.search(flat) is not None

    def may_occur_in(self, prose: PageProse) -> bool:
        """A quick test on a page's whole prose, before the block-by-block
        search: most rules find nothing on most pages.  Never false when a
        block alone would match."""
        if self.page_trigger is None:
            return True
        if self.page_needles is not None:
            ignores_case = self.page_lowered or self.page_trigger.flags & re.IGNORECASE
            haystack = prose.folded if ignores_case else prose.flat
            if not any(needle in haystack for needle in self.page_needles):
                return False
        text = prose.folded if self.page_lowered else prose.flat
        return self.page_trigger.search(text) is not None

    def find(self, text: str) -> Iterator[Hit]:
        """Matches in *text*, leftmost and longest first, never overlapping;
        a term may wrap onto the next source line."""
        flat = text.replace("\n", " ")
        if not self._may_match(flat):
            return
        found = sorted(
            self._candidates(flat), key=lambda c: (c[0].start(), -c[0].end())
        )
        end = -1
        for match, alternative in found:
            if match.start() < end:
                continue
            end = match.end()
            matched = match.group()
            yield Hit(
                match.start(),
                match.end(),
                matched,
                alternative.suggestion,
                _format(self.message, alternative.suggestion, matched),
            )

    def _candidates(self, flat: str) -> Iterator[tuple[re.Match[str], Alternative]]:
        for alternative in self.alternatives:
            for match in alternative.pattern.finditer(flat):
                if self.exceptions and self.exceptions.search(match.group()):
                    continue
                context = alternative.context
                if context is None or context.allows(flat, match.start(), match.end()):
                    yield match, alternative


def _format(message: str, suggestion: str | None, matched: str) -> str:
    """Vale's messages: ``%s`` is the suggestion then the match (substitution),
    or the match (existence)."""
    values = [matched] if suggestion is None else [suggestion, matched]
    count = message.count("%s")
    values = values[-count:] if count <= len(values) else values + [""] * count
    try:
        return message % tuple(values[:count])
    except (TypeError, ValueError):
        return message


def _alternatives(kind: Any, spec: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    if kind == "substitution":
        swap = spec.get("swap")
        if not isinstance(swap, Mapping) or not swap:
            raise ValueError("a substitution rule needs a 'swap' mapping")
        return [(str(key), str(value)) for key, value in swap.items()]
    if kind == "existence":
        tokens = spec.get("tokens")
        if isinstance(tokens, str):
            tokens = [tokens]
        if not isinstance(tokens, list) or not tokens:
            raise ValueError("an existence rule needs a 'tokens' list")
        return [(str(token), None) for token in tokens]
    raise ValueError(
        f"'extends: {kind}' is not supported (use existence or substitution)"
    )


def _compile(body: str, spec: Mapping[str, Any], flags: int) -> re.Pattern[str]:
    if not spec.get("nonword", False):
        body = rf"(?<![\w-])(?:{body})(?![\w-])"
    try:
        return re.compile(body, flags)
    except re.error as exc:
        raise ValueError(f"a pattern is not a valid regular expression: {exc}") from exc


def _exceptions(spec: Mapping[str, Any]) -> LazyPattern | None:
    """Vale's ``exceptions``: whole words, case as written (Vale compiles them
    without ``ignorecase``), searched for in each match."""
    exceptions = spec.get("exceptions")
    if exceptions is None:
        return None
    if isinstance(exceptions, str):
        exceptions = [exceptions]
    if not isinstance(exceptions, list):
        raise ValueError("'exceptions' must be a list")
    body = "|".join(sorted((str(e) for e in exceptions), key=len, reverse=True))
    return LazyPattern(_compile(body, {}, 0)) if body else None


def rule_from_mapping(rule_id: str, spec: Any) -> Rule:
    """Build a rule from a parsed Vale rule, with coprodoc's ``words`` and
    ``context`` if present; ``ValueError`` says what is wrong."""
    if not isinstance(spec, Mapping):
        raise ValueError("a rule must be a mapping")
    kind = spec.get("extends")
    alternatives = _alternatives(kind, spec)
    flags = re.IGNORECASE if spec.get("ignorecase", False) else 0
    keys = [key for key, _value in alternatives]
    contexts = contexts_from(spec.get("context"), keys, spec.get("words"), flags)
    default = "Avoid '%s'." if kind == "existence" else "Use '%s' instead of '%s'."
    return Rule(
        id=rule_id,
        kind=str(kind),
        message=str(spec.get("message") or default),
        description=str(spec.get("description") or "").strip(),
        level=str(spec.get("level") or "warning"),
        pattern=LazyPattern(_compile("|".join(keys), spec, flags)),
        alternatives=tuple(
            Alternative(
                key,
                LazyPattern(_compile(key, spec, flags)),
                value,
                contexts.get(key, contexts.get("*")),
            )
            for key, value in alternatives
        ),
        exceptions=_exceptions(spec),
        trigger=_trigger(keys, flags),
        **_page_trigger(keys, flags),
    )


def _page_trigger(keys: list[str], flags: int) -> dict[str, Any]:
    """:attr:`Rule.page_trigger` and :attr:`Rule.page_lowered`."""
    loose = [_without_context(key) for key in keys]
    if None in loose:
        return {}
    lowered = _trigger([key for key in loose if key is not None], flags)
    if lowered is not None:
        return {
            "page_trigger": lowered,
            "page_lowered": True,
            "page_needles": needles(lowered.pattern, lowered.flags),
        }
    try:
        loose_pattern = re.compile("|".join(map(str, loose)), flags)
    except re.error:
        return {}
    return {
        "page_trigger": LazyPattern(loose_pattern),
        "page_needles": needles(loose_pattern.pattern, loose_pattern.flags),
    }


#: What only simple terms hold: groups ``(?:``, ``(?P<name>``, and the
#: lookarounds; escapes of punctuation and of ``\\w``, ``\\s``, ``\\d``,
#: ``\\b`` (and their capitals), ``\\A``, ``\\Z``.  A term with anything else
#: (comments, atomic groups, flags, backreferences, conditionals, escapes
#: that name characters, possessive quantifiers) is never loosened or
#: lower-cased: it is searched as written.
_UNUSUAL = compile_later(r"\(\?(?!:|P<|<?[=!])|\\(?![\W_wWsSdDbBAZ])|[*+?}]\+")


def _simple(term: str) -> bool:
    return _UNUSUAL.search(term) is None


def _without_context(term: str) -> str | None:
    """*term* with its lookarounds (``(?=...)``, ``(?!...)``, ``(?<=...)``,
    ``(?<!...)``) and anchors (``^``, ``$``, ``\\A``, ``\\Z``) left out: it
    matches wherever *term* does, and more.  None for a term that is not
    :func:`_simple`, or whose lookaround has a quantifier of its own."""
    if not _simple(term):
        return None
    out: list[str] = []
    index, depth_skipped, in_class = 0, 0, False
    while index < len(term):
        char = term[index]
        piece = term[index : index + 2] if char == "\\" else char
        index += len(piece)
        if in_class:
            in_class = piece != "]"
        elif piece == "[":
            in_class = True
            if term.startswith("^", index):  # a negated class: not an anchor
                piece, index = "[^", index + 1
            if term.startswith("]", index):  # a ']' first is a character
                piece, index = piece + "]", index + 1
        elif depth_skipped:
            depth_skipped += {"(": 1, ")": -1}.get(piece, 0)
            if not depth_skipped and term[index : index + 1] in tuple("*+?{"):
                return None  # left out, its quantifier would bind elsewhere
            continue
        elif piece == "(" and re.match(r"\?<?[=!]", term[index:]):
            depth_skipped = 1
            continue
        elif piece in ("^", "$", "\\A", "\\Z"):
            continue
        if not depth_skipped:
            out.append(piece)
    return "".join(out)


#: The characters Python's case-insensitive matching takes for an ASCII
#: letter that ``str.lower`` does not turn into that letter (the others,
#: such as the Kelvin sign, it does): found by trying every code point.
_FOLD = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))


def folded(text: str) -> str:
    """*text* lower-cased so that wherever a case-insensitive pattern of
    lower-case ASCII terms matches *text*, the same pattern matches it
    case-sensitively (see :func:`_trigger`)."""
    if not text.isascii():
        for char, letter in _FOLD:
            text = text.replace(char, letter)  # fast when absent, as usual
    return text.lower()


class PageProse:
    """A page's prose blocks, joined as the rules search them (line breaks
    as spaces), and folded once for all the rules."""

    def __init__(self, blocks: Iterable[str]) -> None:
        self.flat = " ".join(blocks).replace("\n", " ")

    @cached_property
    def folded(self) -> str:
        return folded(self.flat)


def _trigger(keys: list[str], flags: int) -> LazyPattern | None:
    """An ignorecase rule's terms, without the word-boundary checks, compiled
    to search :func:`folded` text case-sensitively: several times faster
    than Python's case-insensitive search with lookbehinds, which scans a
    long page at about 30 MB/s.  For :func:`_simple` terms in ASCII without
    capitals (escapes such as ``\\W`` have capitals), a case-insensitive
    match is a match in the folded text; None when that does not hold."""
    body = "|".join(keys)
    if not flags & re.IGNORECASE or not body.isascii():
        return None
    if any(char.isupper() for char in body) or not all(map(_simple, keys)):
        return None
    try:
        return LazyPattern(re.compile(body))
    except re.error:
        return None  # reported when the full pattern is compiled


def read_rule_file(text: str) -> Any:
    """A rule file's rule: its first YAML document (what Vale reads), with
    coprodoc's extension from a second document merged in."""
    import yaml

    documents = [doc for doc in yaml.safe_load_all(text) if doc is not None]
    if len(documents) > 2:
        raise ValueError(
            "a rule file holds at most two YAML documents: the Vale rule, then "
            "coprodoc's words and context"
        )
    if len(documents) < 2:
        return documents[0] if documents else None
    rule, extension = documents
    if not isinstance(extension, Mapping) or set(extension) - EXTENSION_KEYS:
        raise ValueError(
            "the second YAML document of a rule file may hold only 'words' and "
            "'context'"
        )
    return {**rule, **extension} if isinstance(rule, Mapping) else rule


def rule_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """``(Style.Rule, path)`` for a style folder, or for every style folder in
    a Vale ``StylesPath``."""
    if any(folder.glob("*.yml")):
        styles = [folder]
    else:
        styles = sorted(path for path in folder.iterdir() if path.is_dir())
    for style in styles:
        for path in sorted(style.glob("*.yml")):
            yield f"{style.name}.{path.stem}", path


def _sources(folders: Iterable[Path]) -> tuple[list[tuple[str, Any]], list[str]]:
    import yaml  # here, not at import: most incremental builds use the cache

    sources: list[tuple[str, Any]] = []
    problems: list[str] = []
    for folder in [BUILTIN_DIR, *folders]:
        if not folder.is_dir():
            problems.append(f"rule folder {folder} does not exist")
            continue
        for rule_id, path in rule_files(folder):
            if folder == BUILTIN_DIR:
                rule_id = f"{BUILTIN_STYLE}.{path.stem}"
            try:
                sources.append((rule_id, read_rule_file(path.read_text("utf-8"))))
            except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
                problems.append(f"{path}: cannot be read as YAML ({exc})")
            except ValueError as exc:
                problems.append(f"rule {rule_id}: {exc}")
    return sources, problems


def load_rules(
    folders: Iterable[Path],
    extra: Mapping[str, Any] | None = None,
    disabled: Iterable[str] = (),
) -> tuple[list[Rule], list[str]]:
    """The built-in rules, then each folder's, then *extra*, less *disabled*
    (rule ids or style names).

    Returns the rules and readable problems (unreadable files, bad rules); a
    bad rule is left out, never fatal.
    """
    off = set(disabled)
    found: dict[str, Rule] = {}
    sources, problems = _sources(folders)
    sources.extend((str(key), value) for key, value in (extra or {}).items())
    for rule_id, spec in sources:
        if rule_id in off or rule_id.split(".", 1)[0] in off:
            continue
        try:
            found[rule_id] = rule_from_mapping(rule_id, spec)
        except ValueError as exc:
            problems.append(f"rule {rule_id}: {exc}")
    return list(found.values()), problems


def rules_key(
    folders: Iterable[Path],
    extra: Mapping[str, Any] | None = None,
    disabled: Iterable[str] = (),
) -> list[Any]:
    """Everything :func:`load_rules` depends on, for caching its result: the
    rule files' names and bytes, the shared word lists, the rules from conf.py
    and the disabled ids."""
    files: list[tuple[str, bytes]] = [(str(WORDS_FILE), WORDS_FILE.read_bytes())]
    for folder in [BUILTIN_DIR, *folders]:
        if folder.is_dir():
            for _rule_id, path in rule_files(folder):
                try:
                    files.append((str(path), path.read_bytes()))
                except OSError:
                    files.append((str(path), b""))
        else:
            files.append((str(folder), b"missing"))
    return [FORMAT, files, repr(sorted((extra or {}).items())), sorted(disabled)]
