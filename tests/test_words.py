"""The ranked word list: read from pyspellchecker's list once, then from
the user's cache folder, never from a site's folders."""

from __future__ import annotations

import gzip
import itertools
import json

import pytest

from coprodoc import words


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    words._ranks.cache_clear()
    yield tmp_path / "cache" / "coprodoc"
    words._ranks.cache_clear()


def everyday_and_names() -> list[tuple[str, bool]]:
    return [
        (word, words.is_common(word))
        for word in ("the", "Will", "ROSE", "news", "Quartermaine", "dubois", "zzqx")
    ]


def test_the_ranking_is_kept_in_the_user_cache_and_gives_the_same_answers(
    cache_home,
):
    first = everyday_and_names()
    kept = list(cache_home.glob("words-*.pickle"))
    assert len(kept) == 1
    words._ranks.cache_clear()
    assert everyday_and_names() == first  # now read from the kept file
    assert dict(first) == {
        "the": True,
        "Will": True,
        "ROSE": True,
        "news": True,
        "Quartermaine": False,
        "dubois": False,
        "zzqx": False,
    }


def test_ranks_are_the_lists_counts_with_ties_in_alphabetical_order(cache_home):
    counts = json.loads(gzip.decompress(words._source()))
    order = words.ranked(counts)
    assert len(order) == words.KEPT
    assert all((-counts[a], a) < (-counts[b], b) for a, b in itertools.pairwise(order))
    ranks = words._ranks()
    assert [w for w, _r in sorted(ranks.items(), key=lambda i: i[1])] == order
    last = order[words.COMMON_LIMIT - 1]
    assert words.is_common(last) and not words.is_common(order[words.COMMON_LIMIT])


def test_a_damaged_cache_file_is_read_again_from_the_list(cache_home):
    expected = everyday_and_names()
    (kept,) = cache_home.glob("words-*.pickle")
    kept.write_bytes(b"not a pickle")
    words._ranks.cache_clear()
    assert everyday_and_names() == expected
    words._ranks.cache_clear()
    kept.write_bytes(b"")  # an empty file, as a full disk leaves it
    assert everyday_and_names() == expected


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    words._ranks.cache_clear()
    try:
        assert words.is_common("the") and not words.is_common("zzqx")
    finally:
        words._ranks.cache_clear()


def test_without_a_home_folder_the_list_is_read_each_time(monkeypatch):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)

    def nowhere() -> None:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(words.Path, "home", nowhere)
    words._ranks.cache_clear()
    try:
        assert words._cache_file() is None
        assert words.is_common("the") and not words.is_common("zzqx")
    finally:
        words._ranks.cache_clear()
