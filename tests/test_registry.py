"""The registry decides how each id is shown; consent always wins."""

from __future__ import annotations

from pathlib import Path

from coprodoc.registry import load_registry
from coprodoc.vocabulary import BUILTIN_ROLE_IDS

BASIC = Path(__file__).parent / "roots" / "test-basic" / "contributors.yaml"


def load(path: Path = BASIC):
    return load_registry(path, BUILTIN_ROLE_IDS)


def test_each_display_mode():
    registry, problems = load()
    assert (
        problems
        == [
            # p05 has no `consent`, which is allowed and means: anonymous
        ]
    )
    assert registry.shown("amira").text == "Amira Khan"
    assert registry.shown("amira").kind == "name"
    assert registry.shown("river").text == "River"
    assert registry.shown("river").kind == "pseudonym"
    assert registry.shown("p03").text == "A member of Lived Experience Panel"
    assert registry.shown("p03").kind == "group"
    assert registry.shown("p06").kind == "anonymous"
    assert registry.shown("panel").text == "Lived Experience Panel"


def test_missing_or_withdrawn_consent_is_anonymous_whatever_display_says():
    registry, _problems = load()
    withdrawn = registry.people["p04"]
    assert withdrawn.display == "name" and withdrawn.consent.withdrawn is not None
    assert registry.shown("p04").kind == "anonymous"
    assert "Dorothy" not in registry.shown("p04").text
    no_consent = registry.people["p05"]
    assert no_consent.display == "name" and no_consent.consent.given is None
    assert registry.shown("p05").kind == "anonymous"


def test_scope_that_does_not_cover_the_display_is_anonymous(tmp_path):
    path = tmp_path / "contributors.yaml"
    path.write_text(
        "people:\n"
        "  - id: a\n    name: Ann Example\n    display: name\n"
        "    consent: {given: 2026-01-01, scope: [roles]}\n"
    )
    registry, problems = load(path)
    assert registry.shown("a").kind == "anonymous"
    assert [(p.subtype, p.line) for p in problems] == [("consent", 5)]


def test_registry_keyed_by_id_is_accepted(tmp_path):
    path = tmp_path / "contributors.yaml"
    path.write_text(
        "people:\n"
        "  ann:\n    name: Ann Example\n    display: name\n"
        "    consent: {given: 2026-01-01}\n"
        "groups:\n  board:\n    name: The Board\n"
    )
    registry, problems = load(path)
    assert problems == []
    assert registry.shown("ann").text == "Ann Example"
    assert registry.shown("board").text == "The Board"


def test_unknown_ids_are_shown_as_written_and_missing_file_is_empty(tmp_path):
    registry, problems = load(tmp_path / "absent.yaml")
    assert not registry.exists and problems == []
    shown = registry.shown("someone")
    assert (shown.text, shown.kind) == ("someone", "unregistered")


def test_pseudonym_display_without_pseudonym_is_reported(tmp_path):
    path = tmp_path / "contributors.yaml"
    path.write_text(
        "people:\n  - id: a\n    name: Ann\n    display: pseudonym\n"
        "    consent: {given: 2026-01-01}\n"
    )
    registry, problems = load(path)
    assert registry.shown("a").kind == "anonymous"
    assert [(p.subtype, p.line) for p in problems] == [("display", 4)]
