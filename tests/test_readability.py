"""The readability engine: sentences, syllables and the published formulas.

Tolerance, stated: on the reference passages below our Flesch-Kincaid grade is
within 1.5 grades of textstat 0.7.3 (a well-known implementation of the same
published formula), and our syllable counts match dictionary counts on at
least 90% of the reference words.  Where the two differ it is mostly textstat
under-counting long words (its hyphenation dictionary gives "Australian" 2
syllables; dictionaries say 4).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import textstat

from coprodoc.language.readability import measure, split_sentences, syllables

PASSAGES = [
    "The cat sat on the mat.",
    "We pay people for the expertise they bring. When they give us their time, "
    "we pay them, as we would pay any other expert.",
    "Payments may affect some welfare benefits. Before your first payment we "
    "offer a free, confidential session with an independent benefits adviser, "
    "and you can choose to be paid in vouchers or to take expenses only.",
    "Tell the involvement team how you would like to be paid when you agree to "
    "take part. We will fill in the form with you; you do not need to keep "
    "receipts for journeys under ten pounds.",
    "The organisation recognises the considerable contribution that individuals "
    "with lived experience make to the development, implementation and "
    "evaluation of services, and is committed to remunerating participants "
    "appropriately.",
    "You will get money for your time. We give you the money on the day. You can "
    "have cash or a bank payment.",
    "Integrated care boards are statutory organisations that bring the NHS "
    "together locally to improve population health and establish shared "
    "strategic priorities.",
]

#: Syllables as dictionaries give them.
DICTIONARY = {
    "cat": 1,
    "people": 2,
    "payment": 2,
    "payments": 2,
    "benefits": 3,
    "welfare": 2,
    "confidential": 4,
    "session": 2,
    "independent": 4,
    "adviser": 3,
    "vouchers": 2,
    "expenses": 3,
    "involvement": 3,
    "receipts": 2,
    "journeys": 2,
    "organisation": 5,
    "considerable": 5,
    "contribution": 4,
    "individuals": 5,
    "experience": 4,
    "development": 4,
    "implementation": 5,
    "evaluation": 5,
    "services": 3,
    "committed": 3,
    "participants": 4,
    "money": 2,
    "table": 2,
    "every": 3,
    "area": 3,
    "create": 2,
    "idea": 3,
    "policy": 3,
    "meeting": 2,
    "workshop": 2,
    "transfer": 2,
    "taxi": 2,
    "evening": 2,
    "decision": 3,
    "disagreement": 4,
    "respond": 2,
    "named": 1,
    "makes": 1,
    "changes": 2,
    "wanted": 2,
    "lovely": 2,
    "statement": 2,
    "population": 4,
    "priorities": 4,
    "health": 1,
    "together": 3,
    "locally": 3,
    "improve": 2,
    "establish": 3,
    "shared": 1,
    "strategic": 3,
    "australian": 4,
    "platypus": 3,
    "reptilian": 4,
    "creature": 2,
    "hybrid": 2,
    "mammal": 2,
}


#: Held out: written after the syllable rules were tuned, and never used to
#: tune them, so they measure how the rules do on words they have not seen.
#: Counts as British dictionaries give them (words with two common
#: pronunciations, such as "family" or "usually", are left out).  On
#: 2026-11-23 the engine gave 57 of 65 (88 %), textstat 0.7.3 55 of 65 (85 %).
HELD_OUT = {
    "accessible": 4,
    "accommodation": 5,
    "advocate": 3,
    "allowance": 3,
    "appointment": 3,
    "assessment": 3,
    "benefit": 3,
    "carer": 2,
    "community": 4,
    "complaint": 2,
    "consultation": 4,
    "council": 2,
    "disability": 5,
    "eligible": 4,
    "employment": 3,
    "equality": 4,
    "evidence": 3,
    "facilitator": 5,
    "feedback": 2,
    "guidance": 2,
    "housing": 2,
    "interpreter": 4,
    "mediation": 4,
    "mental": 2,
    "neighbourhood": 3,
    "opportunity": 5,
    "payment": 2,
    "procedure": 3,
    "questionnaire": 3,
    "recognise": 3,
    "reimbursement": 4,
    "representative": 5,
    "responsibility": 6,
    "safeguarding": 3,
    "schedule": 2,
    "statutory": 4,
    "support": 2,
    "tenancy": 3,
    "transport": 2,
    "voluntary": 4,
    "wellbeing": 3,
    "travel": 2,
    "agreement": 3,
    "response": 2,
    "translation": 3,
    "review": 2,
    "honorarium": 5,
    "children": 2,
    "hospital": 3,
    "practitioner": 4,
    "vulnerable": 4,
    "resident": 3,
    "tenant": 2,
    "meaning": 2,
    "readable": 3,
    "engagement": 3,
    "likely": 2,
    "unique": 2,
    "valued": 2,
    "require": 2,
    "requires": 2,
    "ensure": 2,
    "created": 3,
    "influence": 3,
    "physical": 3,
}


@pytest.mark.parametrize("text", PASSAGES)
def test_grade_agrees_with_textstat(text):
    ours = measure([text])
    assert abs(ours.grade - textstat.flesch_kincaid_grade(text)) <= 1.5
    assert ours.words == textstat.lexicon_count(text)
    assert ours.sentences == textstat.sentence_count(text)


def test_published_example_the_cat_sat_on_the_mat():
    # Flesch's scale: this sentence is the usual example of very easy text.
    result = measure(["The cat sat on the mat."])
    assert round(result.reading_ease, 2) == 116.15
    assert round(result.grade, 2) == -1.45
    assert result.reading_age == 5


def test_syllables_match_dictionary_counts():
    right = [word for word, count in DICTIONARY.items() if syllables(word) == count]
    assert len(right) / len(DICTIONARY) >= 0.9, sorted(set(DICTIONARY) - set(right))


def test_syllables_on_held_out_words():
    """Accuracy on words the rules were not tuned on (see HELD_OUT)."""
    right = [word for word, count in HELD_OUT.items() if syllables(word) == count]
    assert len(right) / len(HELD_OUT) >= 0.85, sorted(set(HELD_OUT) - set(right))


def test_sentences_cope_with_abbreviations_numbers_and_lists():
    text = (
        "We pay £12.50 an hour, e.g. for meetings. Dr. Smith agrees! "
        "See p. 4 of the report. Then 2.5 hours"
    )
    assert split_sentences(text) == [
        "We pay £12.50 an hour, e.g. for meetings.",
        "Dr. Smith agrees!",
        "See p. 4 of the report.",
        "Then 2.5 hours",
    ]
    # Each list item is a sentence, with or without a full stop.
    assert measure(["Cash on the day", "Bank transfer", "Vouchers."]).sentences == 3


def test_reading_age_is_uk_age():
    hard = measure([PASSAGES[4]])
    easy = measure([PASSAGES[5]])
    assert hard.reading_age == round(hard.grade + 5)
    assert easy.reading_age < 9 < hard.reading_age


def test_engine_runs_with_networking_disabled(tmp_path):
    """A fresh interpreter in which any network use raises: the engine and the
    rules still load and work, so nothing is downloaded at run time."""
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        from coprodoc.language.readability import measure
        from coprodoc.language.rules import load_rules

        result = measure(["We pay people for their time. We pay on the day."])
        rules, problems = load_rules([])
        assert problems == [], problems
        hits = [h for r in rules for h in r.find("our service users")]
        print(result.reading_age, len(rules), len(hits))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    age, rules, hits = (int(x) for x in done.stdout.split())
    assert age <= 7 and rules >= 7 and hits == 1
