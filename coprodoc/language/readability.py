"""A small, offline readability engine.

Sentence splitting copes with abbreviations ("e.g.", "Dr."), numbers ("£12.50",
"2.5") and lists (each list item is its own sentence, with or without a full
stop).  Syllables are counted by rule, not looked up, so nothing has to be
downloaded; the rules agree with dictionary counts on common words often
enough that grade figures stay within a stated tolerance of textstat's (see
``tests/test_readability.py``).

Formulas, as published:

- Flesch reading ease = 206.835 - 1.015 (words/sentences) - 84.6 (syllables/words)
- Flesch-Kincaid grade = 0.39 (words/sentences) + 11.8 (syllables/words) - 15.59
- UK reading age = Flesch-Kincaid (US) grade + 5, as the UK's school year 1
  starts at about age 5-6 where the US grade 1 starts at age 6-7.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from coprodoc.patterns import compile_later

#: Words that end with a full stop without ending a sentence (lower case).
ABBREVIATIONS = frozenset(
    [
        "e.g.",
        "i.e.",
        "etc.",
        "vs.",
        "cf.",
        "approx.",
        "incl.",
        "no.",
        "nos.",
        "tel.",
        "ref.",
        "dept.",
        "est.",
        "fig.",
        "mr.",
        "mrs.",
        "ms.",
        "mx.",
        "dr.",
        "prof.",
        "st.",
        "rd.",
        "ave.",
        "jr.",
        "sr.",
        "ltd.",
        "co.",
        "inc.",
        "plc.",
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
        "mon.",
        "tue.",
        "tues.",
        "wed.",
        "thu.",
        "thur.",
        "thurs.",
        "fri.",
        "sat.",
        "sun.",
        "a.m.",
        "p.m.",
    ]
)

_WORD = compile_later(r"[A-Za-z0-9À-ÖØ-öø-ÿ][A-Za-z0-9À-ÖØ-öø-ÿ'’.,£$%&-]*")
_TOKEN = compile_later(r"\S+")
_END = compile_later(r"[.!?…]+[\"'”’)\]]*$")
_OPENERS = compile_later(r"^[\"'“‘(\[]*[A-Z0-9£$À-Ö]")


def sentence_spans(block: str) -> list[tuple[int, str]]:
    """Sentences of one block of text (a paragraph or a list item), each with
    the offset where it starts.

    A block that does not end with a full stop is still one sentence: list
    items and headings are read that way.
    """
    tokens = list(_TOKEN.finditer(block))
    sentences: list[list[re.Match[str]]] = [[]]
    for index, match in enumerate(tokens):
        token = match.group()
        sentences[-1].append(match)
        following = tokens[index + 1].group() if index + 1 < len(tokens) else None
        if following is None or not _END.search(token):
            continue
        bare = token.lower().lstrip("\"'“‘([")
        is_abbreviation = bare in ABBREVIATIONS or re.fullmatch(r"[a-z]\.", bare)
        if token.endswith(".") and is_abbreviation:
            continue
        if _OPENERS.match(following):
            sentences.append([])
    return [
        (found[0].start(), " ".join(match.group() for match in found))
        for found in sentences
        if found
    ]


def split_sentences(block: str) -> list[str]:
    """Sentences of one block of text, without their offsets."""
    return [sentence for _offset, sentence in sentence_spans(block)]


def words(sentence: str) -> list[str]:
    """Words as readers count them: numbers count, punctuation does not."""
    return [match.group().strip(".,") for match in _WORD.finditer(sentence)]


# A final "e", "es" or "ed" is usually silent ("make", "makes", "named"), but
# not in "-le" ("table"), "-ses"/"-ches"/"-ges" ("expenses", "changes") or
# "-ted"/"-ded" ("committed").
_SILENT_ENDINGS = compile_later(r"(?:[^laeiouysxzcgh]es|[^laeiouytd]ed|[^laeiouy]e)$")
# A silent "e" inside a word, before a suffix ("involvement", "lovely").
_SILENT_INNER_E = compile_later(r"[^aeiouy]e(?:ment|ly|ful|ness|less)s?$")
_VOWEL_GROUPS = compile_later(r"[aeiouy]+")
# Vowel pairs that are usually said as two syllables ("cre-ate", "di-et",
# "Austral-i-an"), but not in "-tion", "-sion" or "-tial".
_TWO_SYLLABLE_PAIRS = compile_later(r"(?:(?<![tcsgx])ia|(?<![tcsgx])io(?!u)|ua|uo|iu)")


def syllables(word: str) -> int:
    """Syllables in one word, by rule.  Numbers count as one per two digits."""
    digits = sum(ch.isdigit() for ch in word)
    if digits and digits == sum(ch.isalnum() for ch in word):
        return max(1, (digits + 1) // 2)
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 0
    if len(letters) <= 3:
        return 1
    stem = _SILENT_ENDINGS.sub("", letters)
    stem = re.sub(r"^y", "", stem)
    count = len(_VOWEL_GROUPS.findall(stem))
    count += len(_TWO_SYLLABLE_PAIRS.findall(stem))
    if _SILENT_INNER_E.search(stem):
        count -= 1
    return max(1, count)


class Readability(NamedTuple):
    """Counts and scores for a piece of text."""

    sentences: int
    words: int
    syllables: int
    longest_sentence: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def reading_ease(self) -> float:
        return (
            206.835 - 1.015 * self.words_per_sentence - 84.6 * self.syllables_per_word
        )

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (US school grade)."""
        return 0.39 * self.words_per_sentence + 11.8 * self.syllables_per_word - 15.59

    @property
    def reading_age(self) -> int:
        """UK reading age, in whole years, never below 5."""
        return max(5, round(self.grade + 5))


def measure(blocks: Iterable[str]) -> Readability:
    """Readability of *blocks* (paragraphs or list items) taken together."""
    sentence_count = word_count = syllable_count = longest = 0
    for block in blocks:
        for sentence in split_sentences(block):
            found = words(sentence)
            if not found:
                continue
            sentence_count += 1
            word_count += len(found)
            syllable_count += sum(syllables(word) for word in found)
            longest = max(longest, len(found))
    return Readability(sentence_count, word_count, syllable_count, longest)
