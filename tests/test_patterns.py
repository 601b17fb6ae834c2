"""Patterns compiled on first use behave as the compiled pattern would."""

import copy
import pickle
import re

from coprodoc.patterns import compile_later


def test_a_later_pattern_answers_as_the_compiled_one():
    later = compile_later(r"(?P<word>co-?produc\w+)", re.I)
    now = re.compile(r"(?P<word>co-?produc\w+)", re.I)
    text = "Co-produced with tenants; coproduction takes time."
    assert later.pattern == now.pattern
    assert [m.group("word") for m in later.finditer(text)] == [
        "Co-produced",
        "coproduction",
    ]
    assert later.sub("X", text) == now.sub("X", text)
    assert later.flags == now.flags and later.groupindex == now.groupindex
    assert later.fullmatch("coproduce") and not later.match("a coproduction")


def test_a_later_pattern_is_compiled_once_and_then_is_the_pattern_s_own_methods():
    later = compile_later(r"\d+")
    assert "search" not in vars(later)  # nothing compiled while loading
    assert later.search("page 12").group() == "12"
    assert vars(later)["search"].__self__ is vars(later)["findall"].__self__
    assert isinstance(vars(later)["search"].__self__, re.Pattern)


def test_a_later_pattern_copies_and_pickles_as_a_compiled_pattern():
    later = compile_later(r"[A-Z]{2,}", re.M)
    for copied in (pickle.loads(pickle.dumps(later)), copy.deepcopy(later)):
        assert isinstance(copied, re.Pattern)
        assert copied.findall("NHS and GP") == ["NHS", "GP"]
