"""The words a page must hold before a rule's pattern is searched for on it
(coprodoc/language/needles.py): every match holds one, and where that
cannot be told, there are none and the page is searched."""

from __future__ import annotations

import itertools
import re

import pytest

from coprodoc.language.needles import needles
from coprodoc.language.rules import folded

PATTERNS = [
    (r"non[ -]?engagers?|non[ -]?engaging (?:[\w-]+ )?(?:people|patients)", 0),
    (r"the (?:most |more )?vulnerable|vulnerable (?:adults?|people)", 0),
    (r"(?:giv(?:e|es|ing|en)|gave) a voice(?: to)?|(?:giv(?:e|es|en)) voice to", re.I),
    (r"empower(?:s|ed|ing)?|empowerment", 0),
    (r"hard[ -]to[ -]reach|hard[ -]to[ -]engage", 0),
    (r"(?<!the )clients", re.I),
    (r"a{2,}bcd|x(?:yzq)+w", 0),
    (r"(?>service) users?|carers*+", 0),
    (r"Service Users?", re.I),
]


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (*PATTERNS[0], ("engager", "engaging ")),
        (*PATTERNS[1], ("vulnerable", "vulnerable ")),
        (*PATTERNS[2], (" a voice", " voice to")),
        (*PATTERNS[4], ("engage", "reach")),
        (*PATTERNS[6], ("bcd", "yzq")),
        (*PATTERNS[8], ("service user",)),
        (r"\w+ing", 0, ("ing",)),
    ],
)
def test_the_rarest_words_every_match_holds(pattern, flags, expected):
    assert needles(pattern, flags) == expected


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"(?i:abc)def", 0),  # flags for part of the pattern
        (r"ab|c", 0),  # "c": in every page
        (r"x*", 0),  # matches nothing as well
        (r"café", re.I),  # case-insensitive outside ASCII
        (r"(", 0),  # not a pattern
        (r"a{2,}bcd|x(?:yz)+w", 0),  # "yz": too short to help
    ],
)
def test_no_needles_where_they_cannot_be_told(pattern, flags):
    assert needles(pattern, flags) is None


WORDS = [
    "the",
    "most",
    "vulnerable",
    "Vulnerable",
    "adults",
    "people",
    "non",
    "non-engagers",
    "NON ENGAGING",
    "clients",
    "Clients",
    "gave",
    "a",
    "voice",
    "GIVEN",
    "to",
    "hard-to-reach",
    "hard",
    "reach",
    "empowering",
    "aabcd",
    "xyzqyzqw",
    "service",
    "user",
    "carerss",
    "SERVİCE USERS",
    "\u017fervice",  # long s: Python takes it for "s" when ignoring case
]


def test_a_page_without_the_needles_never_matches():
    """Every pattern against every run of up to three words: where it
    matches, the text holds one of its needles."""
    checked = 0
    for pattern, flags in PATTERNS:
        found = needles(pattern, flags)
        assert found is not None, pattern
        compiled = re.compile(pattern, flags)
        for size in (1, 2, 3):
            for run in itertools.product(WORDS, repeat=size):
                text = " ".join(run)
                if compiled.search(text):
                    checked += 1
                    haystack = folded(text) if flags & re.I else text
                    assert any(n in haystack for n in found), (pattern, text)
    assert checked > 1000
