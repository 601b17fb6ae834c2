"""Benchmark: does "Shaped by" credit the people whose words are in a section?

Usage (from the repository root, with the project's virtual environment)::

    .venv/bin/python benchmarks/provenance_benchmark.py [--seed 7] [--edits 40]

It writes a policy site's history with real git, keeping, beside it, a model
in which every word knows who wrote it.  Each history starts with pages
written by several people, then applies one kind of edit again and again
(or all kinds mixed):

- ``rewrap``: someone re-wraps a whole page at another width (credit moves to
  no one);
- ``typo``: someone fixes one word (that word is theirs);
- ``clause``: someone inserts a clause into a sentence (those words are theirs);
- ``move-section``: a member of staff moves a paragraph to another section;
- ``move-file``: ... to a section of another page;
- ``edit-move``: ... and changes one word of it;
- ``copy``: ... copies a paragraph into another section (both keep their words);
- ``revert``: a paragraph is deleted, then restored by ``git revert``;
- ``format``: a formatting commit listed in ``.git-blame-ignore-revs``;
- ``pull-request``: a panel member's branch, merged with ``--no-ff``.

Then it builds the record (``sphinx-build -b coprodoc-record``) and compares
each section's shares with the truth, word-weighted: for each section, the
sum over people of the smaller of their true and reported shares.  The same
is measured for ``git blame --first-parent`` (lines, with a merged pull
request credited to its branch's authors) and ``git blame -w -M -C -C
--ignore-revs-file .git-blame-ignore-revs``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

KINDS = (
    "rewrap",
    "typo",
    "clause",
    "move-section",
    "move-file",
    "edit-move",
    "copy",
    "revert",
    "format",
    "pull-request",
)
PEOPLE = {
    "jo": ("Jo Bennett", "jo@council.example"),
    "sam": ("Sam Patel", "sam@council.example"),
    "amira": ("Amira Khan", "amira@panel.example"),
    "river": ("River Stone", "river@panel.example"),
    "gareth": ("Gareth Llewellyn", "gareth@panel.example"),
    "leila": ("Leila Haddad", "leila@panel.example"),
}
STAFF = ("jo", "sam")
PANEL = ("amira", "river", "gareth", "leila")
_TEXT = """
payments travel expenses vouchers cash transfer receipts panel members carers
families advocates interpreters meetings workshops sessions reviews training
childcare accessible venues timetable honorarium invoices budget deadlines
support worker advice benefits confidential independent trusted community
"""
VOCABULARY = _TEXT.split()
Token = tuple[str, str]  # (word, author)


@dataclass
class Section:
    title: str
    paragraphs: list[list[Token]] = field(default_factory=list)


@dataclass
class Page:
    name: str
    creator: str
    width: int = 72
    sections: list[Section] = field(default_factory=list)

    def render(self) -> str:
        lines: list[str] = []
        for index, section in enumerate(self.sections):
            mark = "=" if index == 0 else "-"
            lines += [section.title, mark * len(section.title), ""]
            for paragraph in section.paragraphs:
                text = " ".join(word for word, _who in paragraph)
                lines += [*textwrap.wrap(text, self.width), ""]
        return "\n".join(lines)

    def truth(self) -> dict[str, Counter[str]]:
        """Words by author, per section (titles are the page creator's)."""
        found: dict[str, Counter[str]] = {}
        for section in self.sections:
            count: Counter[str] = Counter()
            count[self.creator] += len(section.title.split()) + 1  # + underline
            for paragraph in section.paragraphs:
                count.update(who for _word, who in paragraph)
            found[slug(section.title)] = count
        return found


def slug(title: str) -> str:
    return "-".join(title.lower().split())


class History:
    """The repository and the model, changed together."""

    def __init__(self, path: Path, rng: random.Random) -> None:
        self.path = path
        self.rng = rng
        self.day = 0
        self.pages: dict[str, Page] = {}
        self.ignored: list[str] = []
        self.merge_authors: dict[str, list[str]] = {}
        path.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, who: str = "jo") -> str:
        name, email = PEOPLE[who]
        stamp = f"2026-01-01T00:00:00+00:00 +{self.day}"
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_DATE": f"{1767225600 + self.day * 3600} +0000",
            "GIT_COMMITTER_DATE": f"{1767225600 + self.day * 3600} +0000",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        del stamp
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise RuntimeError(f"git {' '.join(args)}: {done.stderr}")
        return done.stdout.strip()

    def commit(self, message: str, who: str) -> str:
        for page in self.pages.values():
            (self.path / f"{page.name}.rst").write_text(page.render() + "\n")
        self.git("add", "-A", who=who)
        self.git("commit", "-q", "--allow-empty", "-m", message, who=who)
        self.day += 1
        return self.git("rev-parse", "HEAD")

    # -- text ------------------------------------------------------------------

    def sentence(self, who: str) -> list[Token]:
        words = self.rng.choices(VOCABULARY, k=self.rng.randint(7, 13))
        words[0] = words[0].capitalize()
        words[-1] += "."
        return [(word, who) for word in words]

    def paragraph(self, who: str) -> list[Token]:
        return [t for _ in range(self.rng.randint(2, 4)) for t in self.sentence(who)]

    def pick(self, need_text: bool = True) -> tuple[Page, Section, int]:
        """A page, a section and a paragraph index in it."""
        candidates = [
            (page, section)
            for page in self.pages.values()
            for section in page.sections
            if section.paragraphs or not need_text
        ]
        page, section = self.rng.choice(candidates)
        index = self.rng.randrange(len(section.paragraphs)) if section.paragraphs else 0
        return page, section, index

    # -- the start -----------------------------------------------------------------

    def start(self, pages: int = 5, sections: int = 3) -> None:
        self.write_conf()
        for number in range(pages):
            creator = self.rng.choice(STAFF)
            page = Page(f"page{number}", creator)
            page.sections = [
                Section(f"Page {number} part {s}") for s in range(sections)
            ]
            self.pages[page.name] = page
            self.commit(f"Start page {number}", creator)
        for page in self.pages.values():
            for section in page.sections:
                for _ in range(2):
                    who = self.rng.choice(PANEL + STAFF)
                    section.paragraphs.append(self.paragraph(who))
                    self.commit("Add a paragraph", who)

    def write_conf(self) -> None:
        registry = ["people:"]
        for ident, (name, email) in PEOPLE.items():
            registry += [
                f"  - id: {ident}",
                f"    name: {name}",
                "    display: name",
                f'    git: ["{email}"]',
                "    consent: {given: 2026-01-01}",
            ]
        (self.path / "contributors.yaml").write_text("\n".join(registry) + "\n")
        (self.path / "conf.py").write_text(
            'extensions = ["coprodoc"]\nproject = "Provenance"\n'
            'exclude_patterns = ["_build"]\n'
            "coprodoc_reproducible_record = True\n"
            "coprodoc_organisation_groups = []\n"
        )
        toctree = "\n".join(f"   page{n}" for n in range(20))
        (self.path / "index.rst").write_text(
            f"Index\n=====\n\n.. toctree::\n\n{toctree}\n"
        )

    # -- edits -----------------------------------------------------------------

    def edit(self, kind: str) -> None:
        getattr(self, "edit_" + kind.replace("-", "_"))()

    def edit_rewrap(self) -> None:
        page = self.rng.choice(list(self.pages.values()))
        page.width = 60 if page.width != 60 else 72
        self.commit("Re-wrap the page", self.rng.choice(STAFF))

    def edit_typo(self) -> None:
        _page, section, index = self.pick()
        who = self.rng.choice(PANEL + STAFF)
        paragraph = section.paragraphs[index]
        at = self.rng.randrange(len(paragraph))
        word, _old = paragraph[at]
        paragraph[at] = (word + "s" if not word.endswith(".") else word, who)
        self.commit("Fix a typo", who)

    def edit_clause(self) -> None:
        _page, section, index = self.pick()
        who = self.rng.choice(PANEL)
        paragraph = section.paragraphs[index]
        at = self.rng.randrange(1, len(paragraph))
        clause = [
            (w, who) for w in self.rng.choices(VOCABULARY, k=self.rng.randint(3, 6))
        ]
        paragraph[at:at] = clause
        self.commit("Add a clause", who)

    def _move(self, other_page: bool, edit: bool = False, copy: bool = False) -> None:
        page, section, index = self.pick()
        targets = [
            (p, s)
            for p in self.pages.values()
            for s in p.sections
            if (p is not page) == other_page and s is not section
        ]
        _target_page, target = self.rng.choice(targets)
        paragraph = list(section.paragraphs[index])
        if not copy:
            del section.paragraphs[index]
        who = self.rng.choice(STAFF)
        if edit:
            at = self.rng.randrange(len(paragraph))
            paragraph[at] = (self.rng.choice(VOCABULARY), who)
        target.paragraphs.insert(self.rng.randint(0, len(target.paragraphs)), paragraph)
        self.commit("Move a paragraph" if not copy else "Copy a paragraph", who)

    def edit_move_section(self) -> None:
        self._move(other_page=False)

    def edit_move_file(self) -> None:
        self._move(other_page=True)

    def edit_edit_move(self) -> None:
        self._move(other_page=self.rng.random() < 0.5, edit=True)

    def edit_copy(self) -> None:
        self._move(other_page=self.rng.random() < 0.5, copy=True)

    def edit_revert(self) -> None:
        page, section, index = self.pick()
        paragraph = section.paragraphs.pop(index)
        sha = self.commit("Remove a paragraph", self.rng.choice(STAFF))
        others = [p for p in self.pages.values() if p is not page]
        other = self.rng.choice(others).sections[0]
        writer = self.rng.choice(PANEL)
        other.paragraphs.append(self.paragraph(writer))
        self.commit("Add a paragraph elsewhere", writer)
        section.paragraphs.insert(index, paragraph)
        self.git("revert", "--no-edit", sha, who=self.rng.choice(STAFF))
        self.day += 1

    def edit_format(self) -> None:
        page = self.rng.choice(list(self.pages.values()))
        page.width = 64 if page.width != 64 else 72
        sha = self.commit("Format the page", self.rng.choice(STAFF))
        self.ignored.append(sha)
        (self.path / ".git-blame-ignore-revs").write_text(
            "\n".join(self.ignored) + "\n"
        )
        self.commit("Ignore the formatting commit", "jo")

    def edit_pull_request(self) -> None:
        who = self.rng.choice(PANEL)
        branch = f"pr-{self.day}"
        self.git("checkout", "-q", "-b", branch, who=who)
        for _ in range(self.rng.randint(1, 2)):
            if self.rng.random() < 0.5:
                _page, section, _index = self.pick(need_text=False)
                section.paragraphs.append(self.paragraph(who))
            else:
                _page, section, index = self.pick()
                paragraph = section.paragraphs[index]
                at = self.rng.randrange(1, len(paragraph))
                paragraph[at:at] = [(w, who) for w in self.rng.choices(VOCABULARY, k=4)]
            self.commit("Suggest a change", who)
        self.git("checkout", "-q", "main", who=who)
        self.git(
            "merge", "-q", "--no-ff", "-m", f"Merge pull request from {branch}", branch
        )
        self.merge_authors[self.git("rev-parse", "HEAD")] = [who]
        self.day += 1


# -- measuring ---------------------------------------------------------------------


def agreement(
    truth: dict[tuple[str, str], Counter[str]],
    shares: dict[tuple[str, str], dict[str, float]],
) -> float:
    """Word-weighted agreement of reported shares with the truth."""
    total = agreed = 0.0
    for where, words in truth.items():
        size = sum(words.values())
        if not size:
            continue
        reported = shares.get(where, {})
        overlap = sum(
            min(count / size, reported.get(who, 0.0)) for who, count in words.items()
        )
        total += size
        agreed += size * overlap
    return agreed / total if total else 1.0


def coprodoc_shares(site: Path) -> dict[tuple[str, str], dict[str, float]]:
    out = site / "_build" / "record"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-E",
            "-b",
            "coprodoc-record",
            str(site),
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    record = json.loads((out / "coprodoc-record.json").read_text())
    found = {}
    for document in record["documents"]:
        for section in document["sections"]:
            found[(document["docname"], section["id"])] = {
                entry["person"]: entry["share"] for entry in section["git_contributors"]
            }
    return found


EMAIL_TO_ID = {email: ident for ident, (_name, email) in PEOPLE.items()}


def _is_sha(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


def blame_shares(
    history: History, first_parent: bool
) -> dict[tuple[str, str], dict[str, float]]:
    args = ["blame", "--line-porcelain"]
    args += ["--first-parent"] if first_parent else ["-w", "-M", "-C", "-C"]
    if not first_parent and history.ignored:
        args += ["--ignore-revs-file", ".git-blame-ignore-revs"]
    found: dict[tuple[str, str], dict[str, float]] = {}
    for page in history.pages.values():
        out = history.git(*args, f"{page.name}.rst")
        authors: list[list[str]] = []
        sha = ""
        for line in out.splitlines():
            if (
                len(line) > 40
                and line[40] == " "
                and all(c in "0123456789abcdef" for c in line[:40])
            ):
                sha = line[:40]
            elif line.startswith("author-mail "):
                email = line[len("author-mail <") : -1]
                who = history.merge_authors.get(sha) or [EMAIL_TO_ID.get(email, email)]
                authors.append(who)
        text = (history.path / f"{page.name}.rst").read_text().splitlines()
        titles = {s.title for s in page.sections}
        current = ""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for number, (line, who) in enumerate(zip(text, authors, strict=False)):
            if line in titles:
                current = slug(line)
            for person in who:
                counts[current][person] += len(line.split()) / len(who)
            del number
        for section, count in counts.items():
            size = sum(count.values())
            found[(page.name, section)] = {p: c / size for p, c in count.items()}
    return found


def run(kinds: tuple[str, ...], seed: int, edits: int, root: Path) -> dict[str, float]:
    rng = random.Random(seed)
    history = History(root / "-".join(kinds)[:40], rng)
    history.start()
    for _ in range(edits):
        history.edit(rng.choice(kinds))
    truth = {
        (page.name, section): words
        for page in history.pages.values()
        for section, words in page.truth().items()
    }
    return {
        "coprodoc": agreement(truth, coprodoc_shares(history.path)),
        "blame --first-parent": agreement(truth, blame_shares(history, True)),
        "blame -w -M -C -C": agreement(truth, blame_shares(history, False)),
        "words": sum(sum(c.values()) for c in truth.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--kinds", nargs="*", default=list(KINDS))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="coprodoc-provenance-") as scratch:
        root = Path(scratch)
        for kind in args.kinds:
            rows.append((kind, run((kind,), args.seed, args.edits, root)))
        rows.append(
            ("all kinds mixed", run(tuple(args.kinds), args.seed, args.edits * 3, root))
        )
    print("| edits | words | coprodoc | blame --first-parent | blame -w -M -C -C |")
    print("| --- | --- | --- | --- | --- |")
    for kind, result in rows:
        print(
            f"| {kind} | {int(result['words'])} | {result['coprodoc']:.1%} | "
            f"{result['blame --first-parent']:.1%} | "
            f"{result['blame -w -M -C -C']:.1%} |"
        )


if __name__ == "__main__":
    main()
