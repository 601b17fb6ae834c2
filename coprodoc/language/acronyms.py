"""Which words in capitals are acronyms, and where a page explains them.

Capitals are either an acronym ("DWP", "NHS") or emphasis ("Do NOT share",
"Read ALL of the terms", "WARNING:").  Flagging emphasis as an unexplained
acronym is the false alarm that gets these checks switched off, so a word in
capitals counts as an acronym only when:

1. it is no ordinary English word: not among the 20,000 most used words of
   pyspellchecker's frequency list (for two letters, the 500 most used, so
   "NO" and "OR" are words but "LA" and "CO" are acronyms); or
2. it is one of the acronyms that are also ordinary words (:data:`ACRONYM_WORDS`:
   "IT", "NICE", "SEND", "WHO", ..., plus ``acronym_words`` from
   ``coprodoc_plain_language``); or
3. the page explains it ("Special Educational Needs and Disabilities (SEND)").

In a run of capitals with two or more ordinary words ("DO NOT SEND", a
licence's "THE SOFTWARE IS PROVIDED AS IS") the whole run is emphasis, except
short tokens that are no word at all ("CALL THE GP NOW").  Roman numerals
after a capitalised word ("Part IV", "Schedule II") are numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from coprodoc.patterns import compile_later
from coprodoc.words import COMMON_LIMIT, is_common, is_known

#: Two or more capitals (digits allowed after the first), optionally plural.
#: Dotted names ("GOV.UK") are names, not acronyms.  The check on the
#: character before comes after the first capital (the same test, two
#: characters back), so the search skips to capitals: four times faster
#: on a long page than a lookbehind tried at every character.
ACRONYM = compile_later(
    r"([A-Z](?<![\w&.-][A-Z])[A-Z0-9&]*[A-Z0-9])s?(?![\w&-])(?!\.\w)"
)

#: Acronyms that are also ordinary words, as used in policy, health and care,
#: housing, legal and software text.  Words such as "CARE" or "MIND" are left
#: out: in capitals they are far more often emphasis or a name.  "MIT" is
#: here because the frequency list counts the German word "mit".
ACRONYM_WORDS = frozenset(
    [
        "ACE",
        "AI",
        "AIDS",
        "CAB",
        "CAT",
        "IT",
        "LA",
        "LED",
        "MIME",
        "MIT",
        "NICE",
        "PA",
        "PACE",
        "PALS",
        "PEP",
        "PIN",
        "RAG",
        "RAM",
        "REST",
        "SALT",
        "SEND",
        "SMART",
        "VAT",
        "WHO",
    ]
)

#: Two-letter words must be this common to be ordinary ("NO", "OR", "IF").
SHORT_WORD_LIMIT = 500
#: Longest token, in a run of emphasis, that may still be an acronym.
LONGEST_IN_EMPHASIS = 5
#: Small words left out of initials: "Department for Work and Pensions".
_SMALL = frozenset(
    [
        "of",
        "and",
        "for",
        "the",
        "in",
        "on",
        "to",
        "a",
        "an",
        "at",
        "by",
        "with",
        "or",
        "&",
    ]
)
_ROMAN = compile_later(r"(?:X{0,3})(?:IX|IV|V?I{0,3})")
#: What may stand between two capitalised tokens of one run.
_IN_RUN = compile_later(r"[^a-z0-9.!?:;()]*")
_BRACKETS = compile_later(r"\(([^()]*)\)")
#: Brackets after an acronym that give an example, not its meaning:
#: "the CLI (e.g. normalizer)", "the API (see below)".
_NOT_A_MEANING = compile_later(
    r"\(\s*(?:e\.?g\b|i\.?e\b|see|for example|for instance|such as|like|"
    r"including|or|and|as|via|with|without|if|when|v?\d)",
    re.IGNORECASE,
)
_WORD = compile_later(r"[A-Za-z][\w'’-]*")
#: What every acronym holds: two capitals, perhaps with "&" between them.
_TWO_CAPITALS = compile_later("[A-Z]&?[A-Z]")
_DETERMINER = r"(?:(?:our|the|your|a|an|their|its)\s+)?"
_APPOSITION_AFTER = compile_later(rf"\s*[,:–—-]\s*{_DETERMINER}")
_APPOSITION_BEFORE = compile_later(rf"\s*[,–—-]\s*{_DETERMINER}$")


def ordinary(token: str) -> bool:
    """Whether *token* is an everyday English word (in any case)."""
    limit = SHORT_WORD_LIMIT if len(token) == 2 else COMMON_LIMIT
    return is_common(token, limit)


def _numeral(text: str, match: re.Match[str]) -> bool:
    """ "Part IV", "Schedule II", "Type II": a number after a name."""
    token = match.group(1)
    if not set(token) <= set("IVX") or not _ROMAN.fullmatch(token):
        return False
    return bool(re.search(r"\b[A-Z][a-z]+\s+$", text[: match.start()]))


def _runs(text: str, matches: list[re.Match[str]]) -> Iterator[list[re.Match[str]]]:
    """Matches grouped into runs of capitals ("DO NOT SEND", "AS IS, WITHOUT")."""
    run: list[re.Match[str]] = []
    for match in matches:
        if run and not _IN_RUN.fullmatch(text[run[-1].end() : match.start()]):
            yield run
            run = []
        run.append(match)
    if run:
        yield run


class Detector(NamedTuple):
    """Finds acronyms in text, given the words that are also acronyms and
    what the page explains."""

    acronym_words: frozenset[str] = ACRONYM_WORDS
    explained: frozenset[str] = frozenset()
    #: acronyms that need no explaining (``known_acronyms``): never reported
    known: frozenset[str] = frozenset()

    def is_acronym(self, token: str, emphasis: bool) -> bool:
        if token in self.explained:
            return True
        if emphasis:
            return not is_known(token) and len(token) <= LONGEST_IN_EMPHASIS
        return token in self.acronym_words or not ordinary(token)

    def find(self, text: str) -> Iterator[re.Match[str]]:
        """The acronyms in *text*, in order (group 1 is the acronym)."""
        if not _TWO_CAPITALS.search(text):
            return  # most prose: no acronym can match
        matches = [
            match
            for match in ACRONYM.finditer(text)
            if _TWO_CAPITALS.search(match.group(1)) and not _numeral(text, match)
        ]
        for run in _runs(text, matches):
            words = [m.group(1) for m in run]
            plain = [w for w in words if w not in self.acronym_words and ordinary(w)]
            emphasis = len(plain) >= 2
            for match in run:
                token = match.group(1)
                if token not in self.known and self.is_acronym(token, emphasis):
                    yield match


def initials(phrase: str) -> str:
    """ "Department for Work and Pensions" -> "DWP"; inner capitals count:
    "JavaScript Object Notation" -> "JSON"."""
    letters = []
    for word in re.findall(r"[A-Za-z][\w'’-]*", phrase):
        if word.lower() in _SMALL:
            continue
        letters.append(word[0] + "".join(c for c in word[1:] if c.isupper()))
    return "".join(letters).upper()


def _spelled(acronym: str, words: list[str]) -> bool:
    """Whether the first few of *words* spell *acronym*."""
    return any(
        initials(" ".join(words[:count])) == acronym
        for count in range(1, min(len(words), 2 * len(acronym) + 2) + 1)
    )


def _in_apposition(text: str, match: re.Match[str]) -> bool:
    """ "the DPO, our data protection officer" or "our data protection
    officer - the DPO": the words in full next to it, after a comma or dash."""
    acronym = match.group(1)
    after = _APPOSITION_AFTER.match(text, match.end())
    if after and _spelled(
        acronym, _WORD.findall(text[after.end() : after.end() + 160])
    ):
        return True
    before = _APPOSITION_BEFORE.search(text[: match.start()])
    if before:
        words = _WORD.findall(text[max(0, before.start() - 160) : before.start()])
        first = max(0, len(words) - 2 * len(acronym) - 2)
        return any(
            initials(" ".join(words[start:])) == acronym
            for start in range(first, len(words))
        )
    return False


def explained_in(text: str) -> set[str]:
    """Acronyms spelled out anywhere in *text*: "Words In Full (ACR)",
    "ACR (words in full)", words in brackets whose initials spell it ("the
    ADR service (alternative dispute resolution)"), or the words in full
    next to it after a comma or dash ("the DPO, our data protection
    officer")."""
    found: set[str] = set()
    if "(" not in text and ACRONYM.search(text) is None:
        return found  # nothing in brackets, no capitals: nothing spelled out
    for match in ACRONYM.finditer(text):
        acronym = match.group(1)
        before = text[: match.start()].rstrip()
        after = text[match.end() :].lstrip()
        if before.endswith("(") and after.startswith(")"):
            spelled = len(re.findall(r"\w+", before[:-1])) >= 2
        else:
            spelled = bool(
                re.match(r"\(\s*[A-Za-z][^)]*[a-z][^)]*\)", after)
                and not _NOT_A_MEANING.match(after)
            ) or _in_apposition(text, match)
        if spelled:
            found.add(acronym)
    for bracket in _BRACKETS.finditer(text):
        if re.search("[a-z]", bracket.group(1)):
            found.add(initials(bracket.group(1)))
    return found


def glossary_acronyms(terms: Iterable[str]) -> set[str]:
    """Acronyms a glossary explains: a term that is one ("ICB"), or one
    spelled out in a term ("Care Quality Commission (CQC)")."""
    found = set()
    for term in terms:
        whole = ACRONYM.fullmatch(term.strip())
        if whole:
            found.add(whole.group(1))
        for bracket in _BRACKETS.finditer(term):
            found.add(bracket.group(1).strip().upper())
        found |= explained_in(term)
    return found
