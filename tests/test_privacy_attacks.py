"""Consent against the attacks a review found after the first suite: name
variants in ``show`` mode, emails written oddly, registry mistakes that
dropped a person, builders sharing doctrees, glued and look-alike names,
``.mailmap`` aliases, merge keys and tags in the registry, hidden subjects,
removed pages, and input that used to raise a traceback.

Each case builds a real git site with the harness of
``tests/test_privacy_git.py`` and greps every output file and the check's
JSON for what must not be there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.gitutil import Repo
from tests.test_privacy_git import (
    ALWAYS_HIDDEN,
    AMIRA,
    REGISTRY,
    Case,
    assert_nothing_leaks,
    authored_by,
    build_case,
    co_authored,
    commit,
    consent,
    with_subject,
    withdraw_amira,
    zeb_commits,
)

#: Four more people who withdrew, with names real histories write in many ways.
MORE_PEOPLE = """\
  - id: p04
    name: Rosalind Brown
    display: name
    consent: {given: 2026-01-01, withdrawn: 2026-02-01}
  - id: p05
    name: Marguerite Fairweather-Lowe
    display: name
    consent: {given: 2026-01-01, withdrawn: 2026-02-01}
  - id: p06
    name: María José García López
    display: name
    consent: {given: 2026-01-01, withdrawn: 2026-02-01}
  - id: p07
    name: Rose Tremayne
    display: name
    consent: {given: 2026-01-01, withdrawn: 2026-02-01}
groups:
"""
WIDER = REGISTRY.replace("groups:\n", MORE_PEOPLE)


def variant(name: str, email: str = "variant@home.example") -> Case:
    return Case(authored_by((name, email)), [email], unknown="show", registry=WIDER)


def merge_subject(subject: str) -> Case:
    def steps(repo: Repo) -> None:
        repo.git("checkout", "-q", "-b", "topic")
        commit(repo, "Fix a word", AMIRA, "Fixed.")
        repo.git("checkout", "-q", "main")
        repo.git("merge", "-q", "--no-ff", "-m", subject, "topic")

    return Case(steps)


def registry_with(person: str, unknown: str = "show") -> Case:
    """Zebedee's own commit, and a subject naming him, with his registry
    entry written in a way that drops it or makes the file unreadable."""

    def steps(repo: Repo) -> None:
        zeb_commits(repo)
        commit(repo, "Thanks Zebedee Quartermaine for this", AMIRA, "Thanks.")

    registry = REGISTRY.replace(
        "  - id: p02\n    name: Zebedee Quartermaine\n    display: name\n",
        person,
    )
    return Case(steps, unknown=unknown, registry=registry)


def share_email(repo: Repo) -> None:
    commit(repo, "Add a sentence", ("Zebedee Quartermaine", "zebedee@work.example"))


def withdraw_and_remove_page(path: Path) -> None:
    withdraw_amira(path)
    index = path / "index.rst"
    index.write_text(index.read_text().replace("   team\n", ""))
    (path / "team.rst").unlink()


def with_team_page(repo: Repo) -> None:
    page = (repo.path / "index.rst").read_text() + "\n.. toctree::\n\n   team\n"
    team = "Team\n====\n\n.. contribution::\n   :by: p01\n\n   Reviewed.\n"
    repo.commit("Add the team page", {"index.rst": page, "team.rst": team}, who=AMIRA)


def mailmap_alias(repo: Repo) -> None:
    repo.commit(
        "Map an alias",
        {
            ".mailmap": "Zebedee Quartermaine <zebedee@work.example> "
            "Zeb Q <zq@home.example>\n"
        },
        who=AMIRA,
    )
    commit(repo, "Refer to issue\n\nFixes: #12", AMIRA, "One.")
    commit(repo, "Add a sentence\n\nCo-authored-by: Zeb Q <zq@home.example>", AMIRA)
    commit(repo, "Reword Zeb Q's sentence", AMIRA, "Two.")


#: Cases where the registry cannot be read at all (or loses everyone).
UNREADABLE = {"registry-tab", "registry-python-tag", "registry-second-people-key"}

ATTACKS: dict[str, Case] = {
    # -- show mode: variants of a withdrawn person's name are never shown
    "show-zebedee-q": variant("Zebedee Q", "zq@home.example"),
    "show-zebedee-q-dot": variant("Zebedee Q.", "zq@home.example"),
    "show-zebedee-hyphen-q": variant("Zebedee-Q", "zq@home.example"),
    "show-zebedee-pronouns": variant("Zebedee (he/him)", "zq@home.example"),
    "show-camel-case": variant("ZebedeeQ", "zq@home.example"),
    "show-digits": variant("zebedee92", "zq@home.example"),
    "show-underscore": variant("zebedee_q", "zq@home.example"),
    "show-surname-first-common": variant("Brown, Rosalind"),
    "show-title": variant("Dr Rosalind Brown"),
    "show-suffix": variant("Rosalind Brown Jr"),
    "show-part-of-double-surname": variant("Marguerite Fairweather"),
    "show-two-of-four-names": variant("Maria Garcia"),
    "show-common-first-name-alone": variant("Rose"),
    "show-look-alike-letters": variant("Zeb\u0435dee Quart\u0435rmaine"),
    # -- show mode: an email written another way is never shown
    "show-email-after-name": Case(
        co_authored("Chris Stranger chris@elsewhere.example"), unknown="show"
    ),
    "show-email-first": Case(
        co_authored("<zeb.q@gmail.example> Zebedee"),
        ["zeb.q@gmail.example"],
        unknown="show",
    ),
    "show-email-in-brackets": Case(
        co_authored("Zebedee (zeb.q@gmail.example)"),
        ["zeb.q@gmail.example"],
        unknown="show",
    ),
    # -- registry mistakes that dropped a person, or the whole file
    "registry-tab": registry_with(
        "  - id: p02\n\tname: Zebedee Quartermaine\n    display: name\n"
    ),
    "registry-python-tag": registry_with(
        "  - id: p02\n    name: Zebedee Quartermaine\n    display: name\n"
        "    extra: !!python/object:os.system {}\n"
    ),
    "registry-capital-id-key": registry_with(
        "  - ID: p02\n    name: Zebedee Quartermaine\n    display: name\n"
    ),
    "registry-empty-id": registry_with(
        "  - id: ''\n    name: Zebedee Quartermaine\n    display: name\n"
    ),
    "registry-id-of-a-group": registry_with(
        "  - id: staff\n    name: Zebedee Quartermaine\n    display: name\n"
    ),
    "registry-repeated-id": registry_with(
        "  - id: p01\n    name: Zebedee Quartermaine\n    display: name\n"
    ),
    "registry-name-as-list": registry_with(
        "  - id: p02\n    name: [Zebedee, Quartermaine]\n    display: name\n",
        unknown="count",
    ),
    "registry-second-people-key": Case(
        lambda repo: (
            zeb_commits(repo),
            commit(repo, "Thanks Zebedee Quartermaine", AMIRA, "Thanks."),
        ),
        unknown="show",
        registry=REGISTRY + "people:\n  - id: p09\n    display: anonymous\n",
    ),
    "registry-merge-key-undoes-withdrawal": Case(
        zeb_commits,
        registry=consent(
            "    consent:\n      <<: {given: 2026-01-01, withdrawn: 2026-02-01}\n"
            "      withdrawn:\n"
        ),
    ),
    "registry-null-tag-on-a-date": Case(
        zeb_commits,
        registry=consent(
            "    consent:\n      given: 2026-01-01\n"
            "      withdrawn: !!null 2026-02-01\n"
        ),
    ),
    "registry-two-people-one-email": Case(
        share_email,
        ["Zeb Q"],
        registry=REGISTRY.replace(
            "groups:\n",
            "  - id: p08\n    name: Zeb Q\n    display: name\n"
            '    git: ["zebedee@work.example"]\n    consent: {given: 2026-01-01}\n'
            "groups:\n",
        ),
    ),
    # -- builders sharing doctrees, removed pages
    "withdrawal-then-record-builder-then-html": Case(
        authored_by(AMIRA),
        ["Amira Khan", "Khan"],
        between=withdraw_amira,
        builders_between=("coprodoc-record", "text"),
    ),
    "withdrawal-and-page-removed": Case(
        with_team_page, ["Amira Khan", "Khan"], between=withdraw_and_remove_page
    ),
    # -- merge subjects: branch names go, whatever they say
    "merge-handle-branch": merge_subject("Merge pull request #12 from kx9handle/fix"),
    "merge-branch-into-main": merge_subject(
        "Merge branch 'kx9-secret-branch' into main"
    ),
    "merge-bitbucket-cloud": merge_subject(
        "Merged in kx9handle/fix-typo (pull request #12)"
    ),
    "merge-bitbucket-server": merge_subject(
        "Merge pull request #12 in PROJ/policy from kx9handle/fix to main"
    ),
    # -- names glued to other characters, look-alike letters, control codes
    "subject-handle-with-digits": Case(with_subject("Thanks @zebedee92")),
    "subject-camel-case": Case(with_subject("Idea from ZebedeeQ")),
    "subject-terminal-escape": Case(
        with_subject("Idea from \x1b[8mAm\u00e9lie\x1b[0m")
    ),
    "subject-backspace": Case(with_subject("Idea from Zebe\x08dee")),
    "subject-look-alike-letters": Case(
        with_subject("Idea from Zeb\u0435dee Quart\u0435rmaine")
    ),
    "subject-spaced-letters": Case(with_subject("Idea from Z e b e d e e")),
    "subject-fullwidth-at": Case(with_subject("Mail kx9\uff20corp.example"), ["kx9"]),
    "subject-address-user": Case(
        with_subject("See https://zebedee92:pw@host.example/x"), ["pw@host"]
    ),
    # -- .mailmap: one odd trailer does not switch it off; aliases are hidden
    "mailmap-alias-with-odd-trailer": Case(mailmap_alias, ["Zeb Q"], unknown="show"),
    "mailmap-alias-in-subject": Case(mailmap_alias, ["Zeb Q"]),
    # -- hidden subjects are not kept anywhere
    "hidden-subjects-not-cached": Case(
        with_subject("Idea from Kwabena Asante"),
        ["Kwabena", "Asante"],
        conf='coprodoc_commit_subjects = "hidden"\n',
    ),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_no_attack_publishes_a_hidden_name(name, tmp_path, build):
    case = ATTACKS[name]
    src, check = build_case(case, tmp_path, build)
    hidden = ALWAYS_HIDDEN + case.hidden
    if case.registry == WIDER:
        hidden += ["Rosalind", "Fairweather", "Marguerite", "García", "Tremayne"]
    # A registry that cannot be read names nobody, Amira included.
    named = "Amira Khan" not in hidden and name not in UNREADABLE
    assert_nothing_leaks(name, src, check, hidden, named)
    site = (src / "_build" / "html" / "index.html").read_text()
    assert "\x08" not in site and "\x1b" not in site
    if name == "show-common-first-name-alone":
        record = json.loads((src / "_build/html/coprodoc-record.json").read_text())
        assert "Rose" not in {person["shown_as"] for person in record["people"]}


@pytest.mark.parametrize(
    "block",
    [
        "    consent:\n      given: 2026-01-01\n      withdrawn: [2026-02-01]\n",
        "    consent:\n      given: !!timestamp nonsense\n",
        "    consent:\n      given: !!int abc\n",
        "    consent: " + "[" * 3000 + "]" * 3000 + "\n",
    ],
    ids=["withdrawn-list", "bad-timestamp-tag", "bad-int-tag", "deep-nesting"],
)
def test_registry_input_that_used_to_crash_gives_a_located_warning(
    block, tmp_path, build
):
    case = Case(zeb_commits, registry=consent(block))
    src, check = build_case(case, tmp_path, build)
    findings = json.loads(check)
    assert all("Traceback" not in f["message"] for f in findings)
    registry = [f for f in findings if f["path"].endswith("contributors.yaml")]
    assert registry and all(f["type"].startswith("coprodoc.") for f in registry)
    assert_nothing_leaks("crash", src, check, ALWAYS_HIDDEN, visible=False)


def test_a_very_long_subject_is_redacted_in_linear_time(tmp_path, build):
    """A 100 kB subject naming someone 10,000 times builds and is redacted
    (each name used to rebuild the whole string: minutes for 1.6 MB)."""
    case = Case(with_subject("Zebedee x " * 10_000))
    src, check = build_case(case, tmp_path, build)
    assert_nothing_leaks("long-subject", src, check, ALWAYS_HIDDEN)


def test_a_long_subject_is_cut_in_the_table_and_kept_whole_in_the_record(
    tmp_path, build
):
    """A pasted paragraph as a subject would push the other columns of the
    change history out of sight: the table shows its start, cut at a word."""
    subject = "Tidy the wording of the payment section " * 60  # 2,400 characters
    src, _check = build_case(Case(with_subject(subject)), tmp_path, build)
    html = (src / "_build" / "html" / "index.html").read_text()
    cells = [
        cell.get_text()
        for cell in BeautifulSoup(html, "html.parser").select(
            "table.coprodoc-change-history td"
        )
    ]
    long = [cell for cell in cells if cell.startswith("Tidy the wording")]
    assert long and all(
        len(cell) <= 201 and cell.endswith("\N{HORIZONTAL ELLIPSIS}") for cell in long
    )
    assert long[0].rstrip("\N{HORIZONTAL ELLIPSIS}").endswith("section")  # at a word
    record = json.loads((src / "_build" / "html" / "coprodoc-record.json").read_text())
    assert subject.strip() in {c["subject"] for c in record["commits"]}


def test_deep_json_is_refused_not_a_traceback(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for args in (["export", str(deep), "--format", "cff"], ["verify", str(deep)]):
        done = subprocess.run(
            [sys.executable, "-m", "coprodoc.cli", "record", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr


def test_the_check_reports_registry_mistakes_that_drop_people(tmp_path, build):
    _src, check = build_case(ATTACKS["registry-id-of-a-group"], tmp_path, build)
    messages = [f["message"] for f in json.loads(check)]
    assert any("is used by a person and a group" in m for m in messages)


# -- a second review's attacks ---------------------------------------------------


def _zeb(block: str) -> str:
    return consent(block)


def new_hidden_identity_later(repo: Repo) -> None:
    """A subject naming "Zeb Q", committed before anyone called Zeb Q is in
    the history; then Zebedee commits as "Zeb Q"."""
    commit(repo, "Keep the sentence Zeb Q wrote", AMIRA, "Kept.")


def zeb_commits_as_zeb_q(path: Path) -> None:
    repo = Repo.__new__(Repo)
    repo.path, repo.day = path, 30
    page = (path / "index.rst").read_text()
    repo.commit(
        "Add a line",
        {"index.rst": page + "\nMore.\n"},
        who=("Zeb Q", "zebedee@work.example"),
    )


def switch_record_off(path: Path) -> None:
    withdraw_amira(path)
    conf = path / "conf.py"
    conf.write_text(
        conf.read_text()
        .replace("coprodoc_record = True", "coprodoc_record = False")
        .replace(
            'coprodoc_record_exports = ["all-contributors", "cff"]',
            "coprodoc_record_exports = []",
        )
    )


def consent_with(*lines: str) -> str:
    """The registry with Zebedee's consent written as *lines*."""
    return consent("    consent:\n" + "".join(f"      {line}\n" for line in lines))


def with_person(line: str) -> str:
    """The registry with one more person (p09) described by *line*."""
    extra = f"  - id: p09\n    {line}\n    display: anonymous\n"
    return REGISTRY.replace("groups:\n", extra + "groups:\n")


ZEB_NAME = "    name: Zebedee Quartermaine\n"
CHINESE = with_person("name: 李伟")

SECOND: dict[str, Case] = {
    "scope-not-a-list": Case(
        zeb_commits, registry=consent_with("given: 2026-01-01", "scope: no")
    ),
    "scope-a-mapping": Case(
        zeb_commits,
        registry=consent_with("given: 2026-01-01", "scope: {pseudonym: yes}"),
    ),
    "scope-with-a-date": Case(
        zeb_commits,
        registry=consent_with("given: 2026-01-01", "scope: [pseudonym, 2026]"),
    ),
    "removed-page-fresh-env": Case(
        with_team_page,
        ["Amira Khan", "Khan"],
        between=withdraw_and_remove_page,
        fresh=True,
    ),
    "removed-page-record-builder-first": Case(
        with_team_page,
        ["Amira Khan", "Khan"],
        between=withdraw_and_remove_page,
        builders_between=("coprodoc-record",),
    ),
    "removed-page-text-builder-first": Case(
        with_team_page,
        ["Amira Khan", "Khan"],
        between=withdraw_and_remove_page,
        builders_between=("text",),
    ),
    "subject-names-an-identity-that-comes-later": Case(
        new_hidden_identity_later, ["Zeb Q"], between=zeb_commits_as_zeb_q
    ),
    "record-switched-off-after-withdrawal": Case(
        authored_by(AMIRA), ["Amira Khan", "Khan"], between=switch_record_off
    ),
    "misspelt-name-key": Case(
        with_subject("Thanks Zebedee Quartermaine for this"),
        registry=REGISTRY.replace(ZEB_NAME, ZEB_NAME.replace("name", "Name")),
    ),
    "misspelt-name-key-show": Case(
        co_authored("Zebedee Quartermaine <zq@home.example>"),
        ["zq@home.example"],
        unknown="show",
        registry=REGISTRY.replace(ZEB_NAME, ZEB_NAME.replace("name", "full_name")),
    ),
    "dropped-entry-block-scalar": Case(
        with_subject("Thanks Zebedee Quartermaine for this"),
        registry=REGISTRY.replace(
            "  - id: p02\n" + ZEB_NAME,
            "  - id: p01\n    name: >-\n      Zebedee Quartermaine\n",
        ),
    ),
    "registry-value-quoted-in-warning": Case(
        zeb_commits,
        registry=consent_with(
            "given: 2026-01-01", 'withdrawn: "phoned, Zebedee Quartermaine said stop"'
        ),
    ),
    "subject-chinese-name": Case(
        with_subject("采纳李伟的建议"), ["李伟"], registry=CHINESE
    ),
    "show-chinese-name-spaced": Case(
        authored_by(("李 伟", "lw@home.example")),
        ["李 伟", "李伟"],
        unknown="show",
        registry=CHINESE,
    ),
    "subject-dotless-i": Case(with_subject("Thanks Quarterma\u0131ne")),
    "subject-cyrillic-q": Case(with_subject("Thanks \u051auartermaine")),
    "show-dotless-i": Case(
        authored_by(("Am\u00e9l\u0131e Dubo\u0131s", "ad@x.example")),
        ["ad@x.example"],
        unknown="show",
    ),
    "merge-revert-of-pull-request": merge_subject(
        'Revert "Merge pull request #12 from kx9handle/fix"'
    ),
    "merge-gitea": merge_subject(
        "Merge pull request 'Fix a word' (#12) from kx9handle/fix into main"
    ),
    "merge-revert-of-branch": merge_subject(
        "Revert \"Merge branch 'kx9-secret-branch' into main\""
    ),
    "merge-tag-of-url": merge_subject(
        "Merge tag 'v1.0' of https://git.example/kx9handle/policy"
    ),
    "show-short-form": variant("Zeb Q", "zq@home.example"),
    "show-short-coauthor": Case(
        co_authored("Zeb <zq@home.example>"), ["zq@home.example"], unknown="show"
    ),
    "subject-short-form": Case(with_subject("Thanks Zeb for the wording")),
    "subject-reported-by-only": Case(
        lambda repo: commit(
            repo,
            "Fix the typo Kwabena Asante found\n\n"
            "Reported-by: Kwabena Asante <kwab@x.example>",
            AMIRA,
            "Fixed.",
        ),
        ["Kwabena", "Asante", "kwab@x.example"],
    ),
    "email-percent": Case(
        with_subject("mailto:kx9secret%40corp.example"), ["kx9secret"]
    ),
    "email-at-word": Case(
        with_subject("Write to kx9secret [at] corp.example"), ["kx9secret"]
    ),
    "email-spelt-with-at": Case(
        with_subject("Ask zeb.q at corp.example or kx9secret AT home.example"),
        ["corp.example", "kx9secret", "home.example"],
    ),
    "email-quoted-local": Case(
        with_subject('Write to "kx9secret"@corp.example'), ["kx9secret"]
    ),
    "email-html-entity": Case(
        with_subject("Write to kx9secret&#64;corp.example"), ["kx9secret"]
    ),
    "subject-hyphen-split": Case(with_subject("Thanks Quarter-maine")),
    "subject-html-entities": Case(
        with_subject("Thanks Zeb&#101;dee Quart&#101;rmaine")
    ),
    # a fifth round: split, inflected, percent-encoded, disguised names
    "subject-split-by-separators": Case(
        with_subject("Thanks Zebe.dee, Quarter/maine and Zeb edee"),
        ["Zebe.dee", "Quarter/maine", "Zeb edee"],
    ),
    "subject-digits-for-letters": Case(
        with_subject("Thanks Z3bedee Qu4rtermaine"), ["Z3bedee", "Qu4rtermaine"]
    ),
    "subject-other-ending": Case(
        with_subject("Thanks Zebedej Quartermainowi"), ["Zebedej", "Quartermainowi"]
    ),
    "subject-percent-encoded": Case(
        with_subject("See https://x.example/people/%5A%65%62%65%64%65%65"),
        ["%5A%65%62%65%64%65%65"],
    ),
    "subject-cherokee-z": Case(with_subject("Thanks \u13c3ebedee"), ["\u13c3ebedee"]),
    # a name typed backwards inside a right-to-left override shows forwards
    "subject-reversed-in-override": Case(
        with_subject("Idea from \u202eeniamretrauQ eedebeZ\u202c, thanks"),
        ["eniamretrauQ", "eedebeZ", "Zebedee"],
    ),
    "as-written-sharp-s": Case(
        with_subject("Stra\u00dfmann fixed it"),
        ["Straßmann", "Strassmann"],
        registry=with_person("name: Strassmann"),
        conf='coprodoc_commit_subjects = "as-written"\n',
    ),
}


@pytest.mark.parametrize("name", sorted(SECOND))
def test_no_second_round_attack_publishes_a_hidden_name(name, tmp_path, build):
    case = SECOND[name]
    src, check = build_case(case, tmp_path, build)
    hidden = ALWAYS_HIDDEN + case.hidden
    record = name != "record-switched-off-after-withdrawal"
    assert_nothing_leaks(name, src, check, hidden, "Amira Khan" not in hidden, record)


def test_scripts_written_without_spaces_are_recognised():
    """Names in kana, CJK and Hangul are matched without word spaces."""
    from coprodoc.history.redact import unspaced

    for name in ("李伟", "たなか", "カタカナ", "김민준", "豈", "Zoë 李"):
        assert unspaced(name), name
    for name in ("Zoë Quartermaine", "Ólafur", "Amira Khan", "Łucja", ""):
        assert not unspaced(name), name


def test_a_third_round_of_subjects_hides_every_name_and_address():
    """From an attacker's review: spaced-out or spelt-out addresses, a
    surname alone or with a separator in a script written without spaces,
    Hangul fillers and a Braille blank inside a name, entities encoded
    twice.  Ordinary subjects stay as written."""
    from coprodoc.history.redact import Redactor

    redactor = Redactor("X", ["Zebedee Quartermaine", "李伟", "田中 花子"])
    hostile = {
        "Thanks zq1984  @  work.example": "Thanks X",
        "zq1984 at work dot example": "X",
        "zq1984 AT work DOT example": "X",
        "zq1984 {at} work.example": "X",
        "zq1984\u2800@work.example": "X",
        "采纳李伟的建议": "采纳X的建议",
        "田中さんの提案": "Xさんの提案",
        "ありがとう花子さん": "ありがとうXさん",
        "李 伟, 李·伟, 李\u3000伟, 李-伟": "X, X, X, X",
        "Zebe\u3164dee and Zebe\u115fdee": "X and X",
        "Z&amp;#101;bedee and zq1984&amp;#64;work.example": "X and X",
        # a fourth round: addresses at an IP, "@" in brackets, entities
        # encoded five times, GitLab's "!12", branches in double quotes
        "Ask zq1984@[192.168.0.1] please": "Ask X please",
        "zq1984 [@] mail.example, zq1984(@)mail.example": "X, X",
        "zq1984 <at> mail.example": "X",
        "&amp;amp;amp;amp;#90;ebedee": "X",
    }
    for subject, expected in hostile.items():
        assert redactor.redact(subject) == (expected, True), subject
    for plain in ("Fix typo", "look at example.com", "Meet at noon", "李 and 王"):
        assert redactor.redact(plain) == (plain, False), plain
    merges = {
        "Merge pull request !12 from kx9handle/fix": "Merge pull request !12",
        'Merge branch "kx9handle/fix" into main': "X",
        "Merge remote branch 'kx9handle/fix'": "X",
    }
    thorough = Redactor("N", [], branch_merge="X", thorough=True)
    for subject, expected in merges.items():
        assert thorough.redact(subject)[0] == expected, subject


def test_a_fifth_round_of_subjects_hides_split_inflected_and_disguised_names():
    """From an attacker's review: a name with another ending (Polish
    declension), percent-encoded in a link, split into pieces by a dot, a
    slash, an underscore or a space, with digits for letters, or with
    letters from other scripts that look Latin.  Ordinary subjects, and
    words that only hold a name across a separator, stay as written."""
    from coprodoc.history.redact import Redactor

    redactor = Redactor(
        "X",
        [
            "Zofia Wiśniewska",
            "Rowan Hale",
            "Łukasz Rees",
            "Quinn Clarke",
            "Tariq Walker",
            "Nadia Moore",
            "Esther Baker",
        ],
    )
    hostile = {
        # from a second attacker's review of the rules below
        "Thanks Zo - fia, Zo\u2013fia, Zo, fia and Z. o. f. i. a.": (
            "Thanks X, X, X and X."
        ),
        "Thanks W_i_s_n_i_e_w_s_k_a and Z0.fia and Zo.fii": "Thanks X and X and X",
        "Thanks \ua4dcofia, \u1d22ofia, Z\u04e7fia and Zo%2566ia": (
            "Thanks X, X, X and X"
        ),
        "Thanks \U0001f1ff\U0001f1f4\U0001f1eb\U0001f1ee\U0001f1e6": "Thanks X",
        "Thanks B4ker": "Thanks X",
        "Thanks Zofii Wiśniewskiej": "Thanks X",
        "Dziękuję Zofii": "Dziękuję X",
        "Wiśniewskiemu's note": "X's note",
        "see https://example.org/people/Zofia_Wi%C5%9Bniewska": (
            "see https://example.org/people/X"
        ),
        "see https://example.org/u/%5A%6F%66%69%61": "see https://example.org/u/X",
        "Thanks Zo.fia, Zo/fia, Zo:fia and Zo fia": "Thanks X, X, X and X",
        "Thanks Z_o_f_i_a and Z*o*f*i*a": "Thanks X and X",
        "Thanks Z\u2024ofia and Wiś\u00b7niewska": "Thanks X and X",
        "Thanks Z0fia W1sniewska": "Thanks X",
        "Thanks \u13c3ofia, Zofi\u0251, \u01b5ofia and Z\u0585fia": (
            "Thanks X, X, X and X"
        ),
        "Thanks Lukasz": "Thanks X",
    }
    for subject, expected in hostile.items():
        assert redactor.redact(subject) == (expected, True), subject
    ordinary = (
        "Fix arrow.annotate call in the build script",
        "Merge pull request #335 from x/pr335",
        "Update h264 encoder settings, v1.2.3 release notes",
        "Add 24/7 helpline number and a/b test wording",
        "Grow an allotment: the rowing club's plan",
        "See https://example.org/search?q=rent%20arrears",
        "Clarified the wording; quintile, tariff and walkway tables",
        "Add mooring fees for boat dwellers",
    )
    for plain in ordinary:
        assert redactor.redact(plain)[1] is False, plain
    merged = "Merge pull request #335 from x/pr335"
    assert redactor.redact(merged) == ("Merge pull request #335", False)


def test_text_drawn_backwards_by_an_override_is_read_as_it_is_seen():
    """From an attacker's review: a name typed backwards inside a
    right-to-left override shows the right way round, so a subject is
    published, and checked for names, in the order a reader sees.
    Right-to-left letters keep their order under the same override; a
    left-to-right override turns them instead.  A name typed forwards
    inside an override shows reversed: the reversed run goes whole."""
    from coprodoc.cleantext import seen_order, strip_invisible
    from coprodoc.history.redact import Redactor

    seen = {
        "Fix \u202enyllewelL hteraG\u202c please": "Fix Gareth Llewellyn please",
        "Gar\u202enyllewelL hte\u202c!": "Gareth Llewellyn!",
        "\u202ee\u0301zoJ": "Joze\u0301",  # the accent stays on its letter
        "\u202e\u05e9\u05e8\u05d4\u202c": "\u05e9\u05e8\u05d4",
        "\u202d\u05d4\u05e8\u05e9\u202c": "\u05e9\u05e8\u05d4",
        "\u202eabc\ndef": "cba\ndef",  # a new line ends the override
        "x\u202e\u2066abc\u2069fed\u202c": "xabcdef",  # an isolate is not turned
        "\u202e21\u202c May": "12 May",
        "Plain text, untouched": "Plain text, untouched",
    }
    for text, expected in seen.items():
        assert strip_invisible(seen_order(text)) == expected, text
    redactor = Redactor("X", ["Gareth Llewellyn", "Zofia Wiśniewska"])
    hostile = {
        "Fix \u202enyllewelL hteraG\u202c please": "Fix X please",
        "Thanks \u202eaifoZ\u202c": "Thanks X",
        "Thanks Gar\u202enyllewelL hte": "Thanks X",
        "Thanks \u202eaks\u200bwein\u0301siW": "Thanks X",
        # a right-to-left mark inside the override is turned with the rest
        "Fix \u202enyll\u200fewelL hte\u200fraG\u202c": "Fix X",
        "Fix \u202enyll\u061cewelL hteraG\u202c": "Fix X",
        "Thanks \u202eGareth Llewellyn\u202c, ok": "Thanks X, ok",
        "Thanks \u202eZofia\u202c and \u202eytrap\u202c": "Thanks X and X",
    }
    for subject, expected in hostile.items():
        assert redactor.redact(subject) == (expected, True), subject
    assert redactor.redact("\u202eopyt a xiF") == ("Fix a typo", False)


def test_a_first_name_takes_the_surnames_initial_with_it():
    """From an attacker's review: "tidy (amira k)" kept the surname's
    initial after the first name went, which with a team list names her.
    The initial goes with the first name; a longer word after it stays."""
    from coprodoc.history.redact import Redactor

    redactor = Redactor("X", ["Amira Khan", "Will Turner", "Grace Young"])
    hidden = {
        "tidy (amira k)": "tidy (X)",
        # a second review: a common first name in capitals, or joined
        "GRACE Y. and Grace-Y and Grace_Y": "X and X and X",
        "Thanks Amira K. for the wording": "Thanks X for the wording",
        "Thanks Will T.": "Thanks X",
        "amira-k and amirak": "X and X",
    }
    for subject, expected in hidden.items():
        assert redactor.redact(subject) == (expected, True), subject
    assert redactor.redact("Amira Kay joined") == ("X Kay joined", True)
    for plain in ("we will t", "you will k", "amiable k", "amazing grace y"):
        assert redactor.redact(plain) == (plain, False), plain
