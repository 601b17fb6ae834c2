"""Consent against real git histories and real mistakes (issue #12).

Every case builds a small real git site, builds it with the HTML builder
(with the record, its CSVs, ``.all-contributorsrc`` and ``CITATION.cff``
beside it, and the doctrees and history cache in the build folder), runs
``coprodoc check --format json``, and greps every file for each name, name
variant, branch name and email that must not be published.  One person is
shown by name in every case, and is found the same way, so the grep can fail.
"""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import unicodedata
from collections.abc import Callable
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coprodoc.cli import main as coprodoc
from tests.conftest import all_files, leaks
from tests.gitutil import Repo

ZEB = ("Zebedee Quartermaine", "zebedee@work.example")  # consent withdrawn
AMIRA = ("Amira Khan", "amira@example.org")  # shown by name
AMELIE = ("Amélie Dubois", "amelie@example.org")  # shown as "River"
STRANGER = ("Chris Stranger", "chris@elsewhere.example")  # not registered

REGISTRY = """\
people:
  - id: p01
    name: Amira Khan
    display: name
    git: ["amira@example.org"]
    consent:
      given: 2026-01-01
  - id: p02
    name: Zebedee Quartermaine
    display: name
    git: ["zebedee@work.example", "zebq"]
    consent:
      given: 2026-01-01
      withdrawn: 2026-02-01
  - id: p03
    name: Amélie Dubois
    display: pseudonym
    pseudonym: River
    git: ["amelie@example.org"]
    consent:
      given: 2026-01-01
groups:
  - id: staff
    name: Staff
"""

PAGE = """\
Paying people
=============

.. change-history::

Why we pay
----------

We pay people for the expertise they bring to our work.

.. contribution::
   :by: p01, p02, p03
   :role: review

   Read the whole draft.

Who is paid
-----------

Anyone we invite to take part.
"""

CONF = """\
extensions = ["myst_parser", "coprodoc"]
project = "Privacy case"
coprodoc_shaped_by = "auto"
coprodoc_record = True
coprodoc_record_exports = ["all-contributors", "cff"]
coprodoc_organisation_groups = ["staff"]
coprodoc_unknown_contributors = {unknown!r}
"""

#: Names and emails no case may publish, whatever it is about.
ALWAYS_HIDDEN = [
    "Zebedee Quartermaine",
    "Quartermaine",
    "Zebedee",
    "Amélie Dubois",
    "Dubois",
    "zebedee@work.example",
    "amira@example.org",
    "amelie@example.org",
    "chris@elsewhere.example",
]


@dataclass
class Case:
    """A site's history, and what must never be published from it."""

    steps: Callable[[Repo], None]
    hidden: list[str] = field(default_factory=list)
    unknown: str = "count"
    registry: str = REGISTRY
    #: changes made between a first and a second build (incremental)
    between: Callable[[Path], None] | None = None
    fresh: bool = False  # second build with a fresh environment (-E)
    #: other builders run on the same doctrees before the second HTML build
    builders_between: tuple[str, ...] = ()
    #: more lines for conf.py
    conf: str = ""


def commit(
    repo: Repo, message: str, who: tuple[str, str] = AMIRA, text: str = ""
) -> None:
    page = (repo.path / "index.rst").read_text()
    repo.commit(message, {"index.rst": page + text + "\n"}, who=who)


def with_subject(subject: str, who: tuple[str, str] = AMIRA) -> Callable[[Repo], None]:
    def steps(repo: Repo) -> None:
        commit(repo, subject, who, "We pay on the day.")

    return steps


def authored_by(
    identity: tuple[str, str], message: str = "Add a sentence"
) -> Callable[[Repo], None]:
    def steps(repo: Repo) -> None:
        commit(repo, message, identity, "People choose cash or a voucher.")

    return steps


def co_authored(trailer: str) -> Callable[[Repo], None]:
    def steps(repo: Repo) -> None:
        commit(repo, f"Add a sentence\n\nCo-authored-by: {trailer}", AMIRA, "Cash.")

    return steps


def consent(block: str) -> str:
    """The registry with Zebedee's consent block replaced by *block*."""
    old = "    consent:\n      given: 2026-01-01\n      withdrawn: 2026-02-01\n"
    assert old in REGISTRY
    return REGISTRY.replace(old, block)


def zeb_commits(repo: Repo) -> None:
    commit(repo, "Add a sentence", ZEB, "We pay travel costs.")


def write(path: Path, name: str, text: str) -> None:
    (path / name).write_text(text)


def git_in(path: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=path, check=True, capture_output=True)


def withdraw_amira(path: Path) -> None:
    registry = (path / "contributors.yaml").read_text()
    (path / "contributors.yaml").write_text(
        registry.replace(
            '    git: ["amira@example.org"]\n    consent:\n      given: 2026-01-01\n',
            '    git: ["amira@example.org"]\n    consent:\n      given: 2026-01-01\n'
            "      withdrawn: 2026-03-01\n",
        )
    )


def show_stranger_then_count(path: Path) -> None:
    conf = (path / "conf.py").read_text()
    (path / "conf.py").write_text(conf.replace("'show'", "'count'"))


def mailmap_to_zeb(path: Path) -> None:
    write(
        path,
        ".mailmap",
        "Zebedee Quartermaine <zebedee@work.example> "
        "Chris Stranger <chris@elsewhere.example>\n",
    )


def alias_from_other_addresses(repo: Repo) -> None:
    """Zebedee's other name, from .mailmap, committing and co-authoring from
    addresses no line of it maps."""
    repo.commit(
        "Add a mailmap",
        {".mailmap": f"{ZEB[0]} <{ZEB[1]}> Dee Q <dee@q.example>\n"},
        who=AMIRA,
    )
    commit(repo, "Add a sentence", ("Dee Q", "dee@laptop.local"), "Cash.")
    commit(
        repo, "Add another\n\nCo-authored-by: Dee Q <dee@phone.example>", AMIRA, "Yes."
    )


def mailmapped_address_in_subject(repo: Repo) -> None:
    """Zebedee committing from another address, joined to him by .mailmap
    only, under a misspelt name and with the address's user part in the
    subject."""
    repo.commit(
        "Add a mailmap",
        {".mailmap": f"{ZEB[0]} <{ZEB[1]}> <zq1987@mailbox.example>\n"},
        who=AMIRA,
    )
    commit(
        repo,
        "zq1987 commits: Quartermain",
        ("Quartermain, Z", "zq1987@mailbox.example"),
        "Cash.",
    )


def checkout_withdrawal(path: Path) -> None:
    registry = (path / "contributors.yaml").read_text()
    withdrawn = registry.replace(
        '    git: ["amira@example.org"]\n    consent:\n      given: 2026-01-01\n',
        '    git: ["amira@example.org"]\n    consent:\n      given: 2026-01-01\n'
        "      withdrawn: 2026-03-01\n",
    )
    repo = Repo.__new__(Repo)
    repo.path, repo.day = path, 20
    repo.commit("Record a withdrawal", {"contributors.yaml": withdrawn})


CASES: dict[str, Case] = {
    # -- one identity model: another email, a trailer, a variant, show mode
    "show-withdrawn-author-other-email": Case(
        authored_by(("Zebedee Quartermaine", "zeb.q@gmail.example")),
        ["zeb.q@gmail.example"],
        unknown="show",
    ),
    "show-withdrawn-coauthor-other-email": Case(
        co_authored("Zebedee Quartermaine <zeb.q@gmail.example>"),
        ["zeb.q@gmail.example"],
        unknown="show",
    ),
    "show-withdrawn-initial-and-surname": Case(
        authored_by(("Z. Quartermaine", "zq@home.example")),
        ["zq@home.example"],
        unknown="show",
    ),
    "show-withdrawn-first-name-only": Case(
        authored_by(("zebedee", "zebedee@laptop")), ["zebedee@laptop"], unknown="show"
    ),
    "show-withdrawn-email-only-looks-like-them": Case(
        authored_by(("ZQ", "zebedee.q@mail.example")),
        ["ZQ", "zebedee.q@mail.example"],
        unknown="show",
    ),
    # an address's user part alone, in a subject (found by helper 37)
    "withdrawn-address-user-part-in-subject": Case(
        authored_by(
            ("Zebedee Quartermaine", "qm42x@mailbox.example"),
            "qm42x commits: tidy the rates",
        ),
        ["qm42x", "qm42x@mailbox.example"],
    ),
    "withdrawn-mailmap-address-user-part-in-subject": Case(
        mailmapped_address_in_subject,
        ["zq1987", "zq1987@mailbox.example", "Quartermain"],
        unknown="show",
    ),
    "withdrawn-registry-address-user-part-in-subject": Case(
        with_subject("Fix the rates (thanks, tidewater77)"),
        ["tidewater77"],
        registry=REGISTRY.replace(
            '"zebedee@work.example", "zebq"',
            '"zebedee@work.example", "tidewater77@home.example", "zebq"',
        ),
    ),
    "withdrawn-forge-address-handle-in-subject": Case(
        authored_by(
            ("Zebedee Quartermaine", "4711+zqgh@users.noreply.github.com"),
            "Fix typo (zqgh)",
        ),
        ["zqgh"],
    ),
    "show-withdrawn-mailmap-alias-other-emails": Case(
        alias_from_other_addresses,
        ["Dee Q", "dee@laptop.local", "dee@phone.example", "dee@q.example"],
        unknown="show",
    ),
    "show-pseudonym-person-real-name-other-email": Case(
        authored_by(("Amélie Dubois", "a.dubois@home.example")),
        ["a.dubois@home.example"],
        unknown="show",
    ),
    "show-nfd-spelling-of-hidden-name": Case(
        authored_by((unicodedata.normalize("NFD", "Amélie Dubois"), "ad@x.example")),
        ["ad@x.example"],
        unknown="show",
    ),
    "withdrawn-registered-email-author": Case(zeb_commits),
    "withdrawn-git-name-author": Case(
        authored_by(("zebq", "z@nowhere.example")), ["zebq", "z@nowhere.example"]
    ),
    # -- commit subjects and bodies
    "subject-exact-name": Case(with_subject("Add Zebedee Quartermaine's idea")),
    "subject-two-spaces": Case(with_subject("Idea from Zebedee  Quartermaine")),
    "subject-tab": Case(with_subject("Idea from Zebedee\tQuartermaine")),
    "subject-nbsp": Case(with_subject("Idea from Zebedee\u00a0Quartermaine")),
    "subject-nfd": Case(
        with_subject(unicodedata.normalize("NFD", "Idea from Amélie Dubois"))
    ),
    "subject-zero-width": Case(
        with_subject("Idea from Zebe\u200bdee Quarter\u200dmaine"), ["Zebe", "dee"]
    ),
    "subject-curly-apostrophe": Case(with_subject("Quartermaine\u2019s wording")),
    "subject-initial-surname": Case(with_subject("Wording by Z. Quartermaine")),
    "subject-first-name": Case(with_subject("Thanks Zebedee for this")),
    "subject-lower-case-first-name": Case(with_subject("thanks zebedee")),
    "subject-capitals": Case(with_subject("IDEA FROM ZEBEDEE QUARTERMAINE")),
    "subject-surname-first": Case(with_subject("Quartermaine, Zebedee: review")),
    "subject-joined": Case(
        with_subject("zebedeequartermaine suggested this"), ["zebedeequartermaine"]
    ),
    "subject-git-name": Case(with_subject("Fix from zebq"), ["zebq"]),
    "subject-email-no-dot": Case(
        with_subject("Reported by zebedee@laptop"), ["zebedee@laptop"]
    ),
    "subject-email": Case(
        with_subject("Reported by someone@example.org"), ["someone@example.org"]
    ),
    "subject-pseudonym-person-real-name": Case(with_subject("Wording from Amélie")),
    "subject-unregistered-author-count": Case(
        lambda repo: (
            authored_by(STRANGER)(repo),
            with_subject("Keep Chris Stranger's sentence")(repo),
        ),
        ["Chris Stranger", "Stranger"],
    ),
    "subject-unregistered-author-hide": Case(
        lambda repo: (
            authored_by(STRANGER)(repo),
            with_subject("Keep Stranger's sentence")(repo),
        ),
        ["Chris Stranger", "Stranger"],
        unknown="hide",
    ),
    "merge-subject-branch-name": Case(
        lambda repo: repo.pull_request(
            12,
            "fix",
            [
                (
                    "Fix a word",
                    {"index.rst": (repo.path / "index.rst").read_text() + "\nFixed.\n"},
                    AMIRA,
                )
            ],
            owner="zebedee-quartermaine",
        ),
        ["zebedee-quartermaine"],
    ),
    "merge-subject-unregistered-branch": Case(
        lambda repo: repo.pull_request(
            13,
            "fix",
            [
                (
                    "Fix a word",
                    {"index.rst": (repo.path / "index.rst").read_text() + "\nFixed.\n"},
                    STRANGER,
                )
            ],
            owner="chris-stranger",
        ),
        ["chris-stranger", "Chris Stranger"],
    ),
    # -- consent mistakes fail closed
    "consent-withdrawn-yes": Case(
        zeb_commits,
        registry=consent(
            "    consent:\n      given: 2026-01-01\n      withdrawn: yes\n"
        ),
    ),
    "consent-withdrawn-text-date": Case(
        zeb_commits,
        registry=consent(
            '    consent:\n      given: 2026-01-01\n      withdrawn: "1 March 2026"\n'
        ),
    ),
    "consent-withdrawn-empty": Case(
        zeb_commits,
        registry=consent(
            '    consent:\n      given: 2026-01-01\n      withdrawn: ""\n'
        ),
    ),
    "consent-withdrawn-repeated-last-empty": Case(
        zeb_commits,
        registry=consent(
            "    consent:\n      given: 2026-01-01\n"
            "      withdrawn: 2026-02-01\n      withdrawn:\n"
        ),
    ),
    "consent-withdrawn-at-person-level": Case(
        zeb_commits,
        registry=consent(
            "    withdrawn: 2026-02-01\n    consent:\n      given: 2026-01-01\n"
        ),
    ),
    "consent-misspelt-withdrawal": Case(
        zeb_commits,
        registry=consent(
            "    consent:\n      given: 2026-01-01\n      withdrawal: 2026-02-01\n"
        ),
    ),
    "consent-misspelt-consent": Case(
        zeb_commits, registry=consent("    consnet:\n      given: 2026-01-01\n")
    ),
    "consent-impossible-date": Case(
        zeb_commits, registry=consent("    consent:\n      given: 2026-02-30\n")
    ),
    "consent-given-in-future": Case(
        zeb_commits, registry=consent("    consent:\n      given: 2099-01-01\n")
    ),
    "consent-not-a-mapping": Case(zeb_commits, registry=consent("    consent: yes\n")),
    # -- the search index after what may be shown changed
    "index-after-withdrawal": Case(
        authored_by(AMIRA), ["Amira Khan", "Khan"], between=withdraw_amira
    ),
    "index-after-withdrawal-fresh-env": Case(
        authored_by(AMIRA), ["Amira Khan", "Khan"], between=withdraw_amira, fresh=True
    ),
    "index-after-show-becomes-count": Case(
        authored_by(STRANGER),
        ["Chris Stranger", "Stranger"],
        unknown="show",
        between=show_stranger_then_count,
    ),
    "index-after-mailmap-to-withdrawn": Case(
        authored_by(STRANGER),
        ["Chris Stranger", "Stranger"],
        unknown="show",
        between=mailmap_to_zeb,
    ),
    "index-after-checkout-moves": Case(
        authored_by(AMIRA), ["Amira Khan", "Khan"], between=checkout_withdrawal
    ),
    # -- hostile text in names and commits
    "registry-bidi-in-name": Case(
        zeb_commits,
        ["\u202e", "\u200b"],
        registry=REGISTRY.replace("name: Amira Khan", "name: \u202eAmira\u200b Khan"),
    ),
    "forged-commit-in-message": Case(
        lambda repo: commit(
            repo,
            "Harmless\n\n\x1e"
            + "a" * 40
            + "\x1f\x1fZebedee Quartermaine\x1fzebedee@work.example"
            "\x1f1700000000\x1fForged\x1f\x1f\x1d",
            AMIRA,
            "Text.",
        ),
        ["Forged"],
    ),
    "unreadable-registry": Case(
        zeb_commits, ["Amira Khan", "Khan", "River"], registry="people:\n\t- id: p01\n"
    ),
}


def build_case(case: Case, root: Path, build) -> tuple[Path, str]:
    """The site, built; returns its folder and the check's JSON output."""
    repo = Repo(root / "site")
    repo.commit(
        "Start the policy",
        {
            "conf.py": CONF.format(unknown=case.unknown) + case.conf,
            "contributors.yaml": case.registry,
            "index.rst": PAGE,
        },
        who=AMIRA,
    )
    case.steps(repo)
    build(repo.path)
    if case.between is not None:
        case.between(repo.path)
        for builder in case.builders_between:
            build(repo.path, builder)
        build(repo.path, freshenv=case.fresh)
    output = io.StringIO()
    with redirect_stdout(output):
        coprodoc(["check", str(repo.path), "--format", "json", "--quiet"])
    return repo.path, output.getvalue()


def assert_nothing_leaks(
    name: str,
    src: Path,
    check: str,
    hidden: list[str],
    visible: bool = True,
    record: bool = True,
) -> None:
    """No file of the build (doctrees, caches and record included) nor the
    check's output holds a hidden string: as a word or its search stem
    (see :func:`leaks`), or, for strings of five characters or more,
    anywhere at all, with HTML entities read (``&#64;`` is ``@``)."""
    files = all_files(src / "_build")
    names = {path.name for path in files}
    expected = {"searchindex.js", "index.rst.txt", "coprodoc-history.pickle"}
    if record:
        expected |= {
            "coprodoc-record.json",
            "sections.csv",
            "CITATION.cff",
            ".all-contributorsrc",
        }
    assert expected <= names, names
    contents = b"\n".join(path.read_bytes() for path in files) + check.encode()
    found = leaks(contents, [h for h in hidden if h.strip() and len(h) > 1])
    found += [h for h in hidden if len(h) == 1 and h.encode() in contents]
    text = html.unescape(contents.decode("utf-8", "replace")).casefold()
    found += [h for h in hidden if len(h) >= 5 and h.casefold() in text]
    assert found == [], f"{name}: leaked {sorted(set(found))}"
    json.loads(check)  # the check's own output is valid JSON
    if visible:
        # The grep can fail: the person shown by name is found the same way.
        assert leaks(contents, ["Amira Khan"]) != []


@pytest.mark.smoke
@pytest.mark.parametrize("name", sorted(CASES))
def test_no_hidden_name_in_any_output_file(name, tmp_path, build):
    case = CASES[name]
    src, check = build_case(case, tmp_path, build)
    hidden = ALWAYS_HIDDEN + case.hidden
    assert_nothing_leaks(name, src, check, hidden, "Amira Khan" not in hidden)


def test_forged_commit_credits_nobody_who_did_not_commit(tmp_path, build):
    src, _check = build_case(CASES["forged-commit-in-message"], tmp_path, build)
    record = json.loads((src / "_build" / "html" / "coprodoc-record.json").read_text())
    real = subprocess.run(
        ["git", "rev-list", "HEAD"], cwd=src, capture_output=True, text=True, check=True
    ).stdout.split()
    assert {c["sha"] for c in record["commits"]} <= set(real)
    assert "a" * 40 not in json.dumps(record)
    credited = {c["person"] for commit in record["commits"] for c in commit["credits"]}
    assert credited <= {"p01"}, credited


def test_emails_are_hashed_with_a_secret_not_in_the_build_folder(tmp_path, build):
    from hashlib import sha256

    src, _check = build_case(
        CASES["subject-unregistered-author-count"], tmp_path, build
    )
    contents = b"\n".join(p.read_bytes() for p in all_files(src / "_build"))
    plain = sha256(STRANGER[1].encode()).hexdigest()
    assert plain[:12].encode() not in contents
    secret = (src / ".git" / "coprodoc-secret").read_text().strip()
    assert secret.encode() not in contents
    assert re.fullmatch(r"[0-9a-f]{64}", secret)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("subject-exact-name", "coprodoc.commit-text"),
        ("merge-subject-branch-name", "coprodoc.commit-text"),
        ("withdrawn-registered-email-author", "coprodoc.hidden-author"),
        ("show-withdrawn-coauthor-other-email", "coprodoc.hidden-author"),
    ],
)
def test_check_names_the_commits_that_needed_care(name, kind, tmp_path, build):
    src, check = build_case(CASES[name], tmp_path, build)
    notes = [f for f in json.loads(check) if f["severity"] == "note"]
    assert [n["type"] for n in notes].count(kind) == 1, notes
    sha = subprocess.run(
        ["git", "log", "-1", "--format=%H", "--first-parent"],
        cwd=src,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert any(n["message"].startswith(f"commit {sha[:12]} ") for n in notes), notes
    # A note never fails the check: only warnings and errors do.
    failing = any(f["severity"] != "note" for f in json.loads(check))
    with redirect_stdout(io.StringIO()):
        assert coprodoc(["check", str(src), "--quiet"]) == int(failing)


def test_only_an_address_user_part_that_can_name_someone_is_looked_for():
    """A subject may give an address's user part alone: it is redacted when
    it can name a person, never when it is a number, a service's or role's
    name, or an ordinary word (false alarms in every subject otherwise)."""
    from coprodoc.history.redact import address_handles

    assert address_handles("zebq1987@mailbox.example") == ["zebq1987"]
    assert address_handles("4711+zebq@users.noreply.github.com") == ["zebq"]
    for address in ("info@example.org", "noreply@github.com", "zq@home.example"):
        assert address_handles(address) == [], address
    assert address_handles("zebq") == []  # a git name, not an address
