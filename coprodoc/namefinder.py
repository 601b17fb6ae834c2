"""Where a page's own text names someone who is not shown by name.

Commit subjects are redacted eagerly (:mod:`coprodoc.history.redact`): a
subject that loses an ordinary word is no loss.  A page's text is the
policy itself, so here a name is taken only in the forms people write one
in, and ordinary words that share a name's letters stay:

- the whole name, or the first name with a later part, in any spacing and
  order ("Zofia Wiśniewska", "Wiśniewska, Zofia"); in any case when a part
  is not an ordinary English word, with capitals when every part is one
  ("Will Read", not "the service will read your meter");
- initials with a part ("Z. Wiśniewska", "Zofia W."), and a surname after
  a title ("Ms Wiśniewska", "Dr van der Berg", "Ms O'Neil");
- the first name alone with a capital ("Zofia", "ZOFIA"); a first name
  that is also an ordinary word ("Grace", "Will", "Rose") only with a
  capital inside a sentence that is not written in title case, so "Will
  the council..." and a heading "Prices Rose Sharply" stay;
- never a surname alone ("Hale Lane"), nor a name in lower case ("the
  rowan tree"), nor an address;
- never inside a name shown on the site: with Amira Patel hidden and Amira
  Khan named, "Amira Khan" stays whole.

Identifiers (labels, anchors, classes) have no capitals to go by: they are
matched by the whole name, or by a first name that is not an ordinary word
("zofia-notes"; not "what-we-will-do").  Names withheld from entries the
registry could not read are matched whole only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from coprodoc.cleantext import fold, folded, lookup_forms
from coprodoc.history.redact import (
    NAME_WORD_LIMIT,
    name_parts,
    unspaced,
    without_markup,
)
from coprodoc.patterns import compile_later
from coprodoc.words import is_common

#: Between the parts of a name: spaces, dots, underscores, hyphens, dashes
#: and the "+" of a query string.
_SEP = "[\\s._+\\-\u2010-\u2015]"
#: Titles before a surname.
TITLES = (
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Dr",
    "Prof",
    "Professor",
    "Cllr",
    "Councillor",
    "Rev",
    "Sir",
    "Dame",
    "Lady",
    "Lord",
)
_TITLE = f"(?:{'|'.join(TITLES)})\\.?\\s+"
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"
_TITLED = compile_later(f"{_BEFORE}{_TITLE}")
#: A capitalised word inside a sentence: after a letter and a space, or a
#: comma and a space (fixed-width look-behinds, as Python needs).
_MID_SENTENCE = r"(?:(?<=[^\W\d_] )|(?<=[^\W\d_], ))"
_LETTERS = compile_later(r"[^\W\d_]+")
#: Words of four letters or more, of which at least this share start with a
#: capital: a title written in title case.
TITLE_CASE_SHARE = 0.6


def _cap(part: str) -> str:
    """*part* (case-folded) with its first letter a capital, the rest in
    any case ("Zofia", "ZOFIA", "McDonald")."""
    return f"{re.escape(part[0].upper())}(?i:{re.escape(part[1:])})"


def _ci(part: str) -> str:
    return f"(?i:{re.escape(part)})"


def _joined(
    parts: list[str], form: Callable[[str], str] = _ci, sep: str = f"{_SEP}*"
) -> str:
    return sep.join(form(part) for part in parts)


class _Forms:
    """The regular expressions of one name, by kind."""

    def __init__(self, parts: list[str], whole_only: bool) -> None:
        self.loose: list[str] = []  # any case
        self.strict: list[str] = []  # with capitals
        self.mid: list[str] = []  # with a capital, inside a sentence
        self.ident: list[str] = []  # identifiers
        first, later = parts[0], parts[1:]
        ordinary = [is_common(part, NAME_WORD_LIMIT) for part in parts]
        if later:
            self._whole(first, later, all(ordinary))
        if whole_only:
            return
        for part in later:
            if len(part) >= 2:
                self.strict.append(
                    f"{re.escape(first[0].upper())}\\.?{_SEP}*{_cap(part)}"
                )
                self.strict.append(
                    f"{_cap(first)}{_SEP}+{re.escape(part[0].upper())}\\.?"
                )
        if later:
            self.strict.append(_TITLE + _joined(later, sep="[\\s'\u2019._-]*"))
            self.strict.append(_TITLE + _cap(later[-1]))
        if len(first) < 2:
            return
        if ordinary[0]:
            self.mid.append(_MID_SENTENCE + re.escape(first.capitalize()))
        else:
            self.strict.append(_cap(first))
            self.ident.append(f"{_ci(first)}s?")

    def _whole(self, first: str, later: list[str], ordinary: bool) -> None:
        forms = [[first, *later]] + [[first, part] for part in later]
        whole = [_joined(form) for form in forms]
        # "grace-young-plan", "young-grace", "grace-youngs-section"
        reversed_forms = [_joined([part, first]) for part in later]
        self.ident += [f"(?:{form})s?" for form in whole + reversed_forms]
        if ordinary:  # "Will Read": with capitals
            self.strict += [_joined(form, _cap) for form in forms]
            self.strict += [f"{_cap(part)},?{_SEP}*{_cap(first)}" for part in later]
            return
        self.loose += whole + [f"{_ci(part)},?{_SEP}*{_ci(first)}" for part in later]


def _compiled(forms: list[str], flags: int = 0) -> re.Pattern[str] | None:
    if not forms:
        return None
    return re.compile(f"{_BEFORE}(?:{'|'.join(forms)}){_AFTER}", flags)


class NameFinder:
    """Finds and replaces hidden people's names in a page's text."""

    def __init__(
        self,
        placeholder: str,
        hidden: Iterable[str],
        whole_only: Iterable[str] = (),
        shown: Iterable[str] = (),
    ) -> None:
        self.placeholder = placeholder
        kinds: dict[str, list[str]] = {
            "loose": [],
            "strict": [],
            "mid": [],
            "ident": [],
        }
        #: for :meth:`may_name`: (first, later parts) of each name (and of
        #: those with a part that is not an ordinary word), the capitalised
        #: first names, the later parts, the uncommon first names
        self._wholes: list[tuple[str, tuple[str, ...]]] = []
        self._loose_wholes: list[tuple[str, tuple[str, ...]]] = []
        self._capitals: dict[str, set[str]] = {}
        self._firsts: set[str] = set()
        #: every part, looked for (in lower case) first
        self._needles: set[str] = set()
        self._later: set[str] = set()
        self._uncommon_firsts: set[str] = set()
        self._initials: list[str] = []
        self._unspaced: set[str] = set()
        self._parts: set[str] = set()
        for name, only in [(n, False) for n in hidden] + [
            (n, True) for n in whole_only
        ]:
            parts = [part.casefold() for part in name_parts(fold(name))]
            if not parts:
                continue
            if unspaced(name):  # written without spaces: found anywhere
                self._unspaced.add("".join(parts))
            forms = _Forms(parts, only)
            for kind in kinds:
                kinds[kind] += getattr(forms, kind)
            self._note(parts, only, without_markup(name))
        self._loose = _compiled(kinds["loose"])
        self._strict = _compiled(kinds["strict"])
        self._mid = _compiled(kinds["mid"])
        self._ident = _compiled(kinds["ident"])
        self._initialled = _compiled(self._initials)
        names = [
            _joined(name_parts(fold(n)), sep=f"{_SEP}+") for n in shown if n.strip()
        ]
        self._shown = _compiled([n for n in names if n])

    def _note(self, parts: list[str], whole_only: bool, written: str) -> None:
        first, later = parts[0], parts[1:]
        # capitalised, and as the registry writes it ("DeShawn")
        forms = self._capitals.setdefault(first, set())
        forms.update([*_capitals(first), *_LETTERS.findall(written)[:1]])
        self._firsts.add(first)
        self._needles.update(parts)
        if later:
            self._wholes.append((first, tuple(later)))
            if not all(is_common(part, NAME_WORD_LIMIT) for part in parts):
                self._loose_wholes.append((first, tuple(later)))
        if whole_only:
            return
        self._parts.update(parts)
        self._later.update(later)
        if len(first) >= 2 and not is_common(first, NAME_WORD_LIMIT):
            self._uncommon_firsts.add(first)
        self._initials += [
            f"{re.escape(first[0].upper())}\\.?{_SEP}*{_cap(part)}"
            for part in later
            if len(part) >= 2
        ]

    @property
    def hides_anyone(self) -> bool:
        return bool(self._capitals or self._unspaced)

    def may_name(self, text: str, identifier: bool = False) -> bool:
        """Whether *text* may name someone: tested at C speed, before the
        exact matching (a page's whole text first, then each piece), by
        what each form of a name needs: a capitalised first name, both
        parts of a whole name, or a surname with a title or an initial."""
        if not self.hides_anyone:
            return False
        if self._unspaced and unspaced(text):
            return True
        cased, lower = lookup_forms(text)
        present = {part for part in self._needles if part in lower}
        if not present:
            return False
        wholes = self._wholes if identifier else self._loose_wholes
        for first, later in wholes:
            if first in present and not present.isdisjoint(later):
                return True
        if identifier:
            return not present.isdisjoint(self._uncommon_firsts)
        for first in present & self._firsts:
            if any(form in cased for form in self._capitals[first]):
                return True
        # a surname needs its capital after a title or an initial
        if not any(
            form in cased for part in present & self._later for form in _capitals(part)
        ):
            return False
        return bool(_TITLED.search(cased)) or bool(
            self._initialled and self._initialled.search(cased)
        )

    def replaced(self, text: str, identifier: bool = False) -> tuple[str, bool]:
        """*text* with each name replaced, all else as written; whether any
        was."""
        spans = self.spans(text, identifier)
        if not spans:
            return text, False
        pieces, position = [], 0
        for start, end in spans:
            pieces += [text[position:start], self.placeholder_at(text, start)]
            position = end
        pieces.append(text[position:])
        return "".join(pieces), True

    def placeholder_at(self, text: str, start: int) -> str:
        """The placeholder for a name at *start* in *text*: with a capital
        where a sentence starts ("A person who is not named said...")."""
        before = text[:start].rstrip(" \t\n*_")
        if before and before[-1] not in ".!?":
            return self.placeholder
        return self.placeholder[:1].upper() + self.placeholder[1:]

    def spans(self, text: str, identifier: bool = False) -> list[tuple[int, int]]:
        """Where names are in *text*: (start, end), in order, merged."""
        if not self.may_name(text, identifier):
            return []
        seen, shown_at = _visible(text)
        plain, origin = folded(seen)
        found = sorted(self._spans(plain, identifier))
        at = [shown_at[i] for i in origin]
        return _merged(text, [(at[start], at[end - 1] + 1) for start, end in found])

    def _spans(self, plain: str, identifier: bool) -> Iterator[tuple[int, int]]:
        regexes = [self._ident] if identifier else [self._loose, self._strict]
        kept = [m.span() for m in self._shown.finditer(plain)] if self._shown else []
        found = [m for r in regexes if r for m in r.finditer(plain)]
        if not identifier and self._mid and not _title_case(plain, self._parts):
            found += [m for m in self._mid.finditer(plain) if _named_here(plain, m)]
        for match in found:
            start, end = match.span()
            if end > start and not any(a <= start and end <= b for a, b in kept):
                yield start, end
        for name in self._unspaced:  # no case, no spaces: "采纳李伟的建议"
            start = plain.find(name)
            while start >= 0:
                yield start, start + len(name)
                start = plain.find(name, start + 1)


def _visible(text: str) -> tuple[str, list[int]]:
    """*text* without what shows as nothing (fillers that are letters to
    Unicode, such as U+3164), and where each character came from."""
    if text.isascii() or not _FILLERS.search(text):
        return text, list(range(len(text)))
    kept = [(i, char) for i, char in enumerate(text) if not _FILLERS.match(char)]
    return "".join(char for _i, char in kept), [i for i, _char in kept]


def _named_here(plain: str, match: re.Match[str]) -> bool:
    """Whether a first name that is also an ordinary word ("Grace", "Will",
    "Mark", "Hope") names someone where it is: not after an article or a
    word with a capital inside the sentence ("a Will", "the Hope field",
    "the CE Mark", "Select Mark as Complete"), and not before a word with a
    capital or a noun it often names a thing with ("Grace Period", "Rose
    Court", "the Mark button")."""
    before = plain[: match.start()].rstrip(" ,")
    words = _LETTERS.findall(before[-40:])
    previous = words[-1] if words else ""
    if previous.casefold() in _ARTICLES:
        return False
    if previous[:1].isupper() and not _starts_sentence(before[: -len(previous)]):
        return False
    after = _LETTERS.match(plain[match.end() :].lstrip(" "))
    following = after.group() if after else ""
    if plain[match.end() : match.end() + 1] == " " and following[:1].isupper():
        return False
    return following.casefold() not in _THING_NOUNS


def _starts_sentence(before: str) -> bool:
    stripped = before.rstrip()
    return not stripped or stripped[-1] in '.!?:;"“(—'


#: Words before an ordinary word that make it a thing, not a person ("a
#: Will", "Select Mark as Complete").
_ARTICLES = frozenset(
    {
        *("a", "an", "the", "each", "every", "any", "this", "that", "these"),
        *("those", "your", "our", "their", "my", "his", "her", "its", "no"),
        *("per", "another"),
        # what a screen's instructions put before a button's label
        *("select", "click", "choose", "press", "tap", "pick", "tick"),
    }
)
#: Words after an ordinary word that make it a thing ("the Mark button").
_THING_NOUNS = frozenset(
    {
        *("field", "button", "period", "street", "road", "lane", "avenue"),
        *("court", "house", "ward", "model", "scale", "score", "test", "form"),
        *("box", "place", "close", "park", "hall", "centre", "center", "unit"),
        *("team", "project", "fund", "trust", "award", "day", "week", "month"),
        *("year", "tab", "column"),
    }
)
#: What shows as nothing but is a letter to Unicode, and format characters
#: folding keeps.
_FILLERS = compile_later(
    "[\u115f\u1160\u3164\uffa0\u17b4\u17b5\u206a-\u206f\u2800"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def _capitals(part: str) -> list[str]:
    return [part.capitalize(), part.upper()] if len(part) >= 2 else []


def _title_case(text: str, names: set[str]) -> bool:
    """Whether *text* is written in title case ("Prices Rose Sharply After
    The Review"), judged by its longer words after the first, names left
    out ("Then Grace told Zofia" is not)."""
    words = [
        word
        for word in _LETTERS.findall(text)[1:]
        if len(word) >= 4 and word.casefold() not in names
    ]
    if len(words) < 2:
        return False
    capitals = sum(word[0].isupper() for word in words)
    return bool(capitals >= TITLE_CASE_SHARE * len(words))


def _merged(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """*spans* in order, overlapping ones and those with only spaces between
    them as one ("Mary Smith", both parts found apart, is one name)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (
            start <= merged[-1][1] or not text[merged[-1][1] : start].strip()
        ):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
