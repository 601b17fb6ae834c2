"""Synthetic policy sites and their git histories, in the shapes real sites
have, for the benchmarks.

Shapes (``SHAPES``):

``synthetic``
    The first benchmark: 600 short rST pages of 4 sections, 12,000 commits
    by 40 authors, each commit editing one line of one page.
``guide``
    A real developer guide: about 70 long pages (a dozen sections of several
    paragraphs), half of them MyST Markdown with a paragraph on one long line,
    about 2,300 first-parent commits by 360 people (a few do most of the
    work), most of them small edits to long paragraphs, a third merged as
    pull requests; a ``change-history`` block on every page.
``standards``
    A large standards site: about 800 long pages of 15 sections, 12,000
    commits by 650 people, some pages edited far more than others, built
    with the text builder; a ``change-history`` block on every page.
``subset``
    A 1,000-page folder with 11,600 commits of which the build reads 120
    pages (``include_patterns``): text is sometimes moved into those pages
    from pages outside them, and a few of them were renamed from outside.

Text is English words drawn by their real frequencies (pyspellchecker's
list, as :mod:`coprodoc.words` reads it), so word matching meets the
repetitions and the variety real prose has.  The history is written with
``git fast-import``: 12,000 commits take seconds.
"""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import textwrap
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path


@dataclass(frozen=True)
class Shape:
    pages: int
    sections: int
    paragraphs: int
    commits: int
    authors: int
    #: share of pages written in MyST Markdown, one line per paragraph
    markdown: float = 0.0
    pr_share: float = 0.15
    trailer_share: float = 0.2
    #: a ``change-history`` block at the end of every page
    change_history: bool = False
    builder: str = "html"
    #: pages the build reads (the rest are left out by ``include_patterns``)
    read: int | None = None
    #: how unevenly edits fall on pages (0: evenly; 1: a few pages get most)
    skew: float = 0.0
    #: the first benchmark's edits: one short line rewritten or added
    simple: bool = False


SHAPES = {
    "synthetic": Shape(600, 4, 1, 12_000, 40, simple=True),
    "guide": Shape(
        70,
        12,
        3,
        2_300,
        360,
        markdown=0.5,
        pr_share=0.35,
        change_history=True,
        skew=0.6,
    ),
    "standards": Shape(
        800,
        15,
        3,
        12_000,
        650,
        markdown=0.2,
        change_history=True,
        builder="text",
        skew=0.8,
    ),
    "subset": Shape(
        1000, 6, 2, 11_600, 300, markdown=0.3, change_history=True, read=120, skew=0.5
    ),
}


def vocabulary(size: int = 4000) -> tuple[list[str], list[int]]:
    """The *size* most used English words and their counts."""
    data = files("spellchecker") / "resources" / "en.json.gz"
    counts: dict[str, int] = json.loads(gzip.decompress(data.read_bytes()))
    ranked = sorted(
        ((w, c) for w, c in counts.items() if w.isalpha() and w.isascii()),
        key=lambda item: -item[1],
    )[:size]
    return [w for w, _c in ranked], [c for _w, c in ranked]


@dataclass
class Paragraph:
    sentences: list[str]
    width: int = 72


@dataclass
class Page:
    path: str
    title: str
    markdown: bool
    sections: list[tuple[str, list[Paragraph]]] = field(default_factory=list)

    def render(self, change_history: bool) -> str:
        out: list[str] = []
        for number, (title, paragraphs) in enumerate(self.sections):
            if self.markdown:
                out += [("# " if number == 0 else "## ") + title, ""]
            else:
                out += [title, ("=" if number == 0 else "-") * len(title), ""]
            for paragraph in paragraphs:
                text = " ".join(paragraph.sentences)
                lines = (
                    [text] if self.markdown else textwrap.wrap(text, paragraph.width)
                )
                out += [*lines, ""]
        if change_history:
            out += (
                ["```{change-history}", "```", ""]
                if self.markdown
                else [".. change-history::", ""]
            )
        return "\n".join(out)


class Writer:
    """Random text and edits, from one seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words, self.weights = vocabulary()

    def sentence(self) -> str:
        words = self.rng.choices(self.words, self.weights, k=self.rng.randint(8, 24))
        if self.rng.random() < 0.3:
            words[self.rng.randrange(2, len(words) - 1)] += ","
        return " ".join(words).capitalize() + "."

    def paragraph(self, simple: bool = False) -> Paragraph:
        count = 1 if simple else self.rng.randint(2, 6)
        return Paragraph([self.sentence() for _ in range(count)])

    def page(self, shape: Shape, path: str, number: int) -> Page:
        page = Page(path, f"Policy page {number}", path.endswith(".md"))
        for s in range(shape.sections + 1):
            title = page.title if s == 0 else f"Part {s} of page {number}"
            count = 1 if s == 0 else shape.paragraphs
            page.sections.append(
                (title, [self.paragraph(shape.simple) for _ in range(count)])
            )
        return page

    def edit(self, page: Page, shape: Shape) -> Paragraph | None:
        """Edit *page* as people do; return a paragraph taken out of it
        (to be put on another page), if the edit was a move."""
        rng = self.rng
        _title, paragraphs = rng.choice(page.sections[1:] or page.sections)
        if not paragraphs:
            paragraphs.append(self.paragraph(shape.simple))
            return None
        paragraph = rng.choice(paragraphs)
        roll = rng.random()
        if shape.simple:
            roll = 0.0 if roll < 0.5 else (0.5 if roll < 0.85 else 0.9)
        if roll < 0.45:  # a word or a clause changed in one sentence
            index = rng.randrange(len(paragraph.sentences))
            words = paragraph.sentences[index].split()
            at = rng.randrange(len(words))
            words[at : at + rng.randint(1, 3)] = rng.choices(
                self.words, self.weights, k=rng.randint(1, 4)
            )
            paragraph.sentences[index] = " ".join(words)
            if not paragraph.sentences[index].endswith("."):
                paragraph.sentences[index] += "."
        elif roll < 0.65:
            paragraph.sentences.insert(
                rng.randrange(len(paragraph.sentences) + 1), self.sentence()
            )
        elif roll < 0.75 and len(paragraph.sentences) > 1:
            paragraph.sentences.pop(rng.randrange(len(paragraph.sentences)))
        elif roll < 0.85 and len(paragraphs) < shape.paragraphs + 3:
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), self.paragraph())
        elif roll < 0.92:
            paragraph.width = rng.choice((60, 66, 72, 78, 88))
        elif roll < 0.96 and len(paragraphs) > 1:
            paragraphs.remove(paragraph)
            target = rng.choice(page.sections)[1]
            target.insert(rng.randrange(len(target) + 1), paragraph)
        elif len(paragraphs) > 1:
            paragraphs.remove(paragraph)
            return paragraph
        return None


class History:
    """A fast-import stream being written."""

    def __init__(self) -> None:
        self.stream: list[bytes] = []
        self.mark = 0
        self.stamp = 1_700_000_000

    def commit(
        self,
        branch: str,
        message: str,
        who: tuple[str, str],
        changed: dict[str, str],
        parents: list[int],
        removed: tuple[str, ...] = (),
    ) -> int:
        self.mark += 1
        self.stamp += 600
        msg = message.encode()
        self.stream.append(f"commit refs/heads/{branch}\nmark :{self.mark}\n".encode())
        ident = f"{who[0]} <{who[1]}> {self.stamp} +0000\n"
        self.stream.append(f"author {ident}committer {ident}".encode())
        self.stream.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        if parents:
            self.stream.append(f"from :{parents[0]}\n".encode())
            for other in parents[1:]:
                self.stream.append(f"merge :{other}\n".encode())
        for path in removed:
            self.stream.append(f"D {path}\n".encode())
        for path, text in changed.items():
            data = text.encode()
            self.stream.append(f"M 100644 inline {path}\n".encode())
            self.stream.append(f"data {len(data)}\n".encode() + data + b"\n")
        return self.mark


CONF = '''\
import os

project = "Bench"
extensions = ["myst_parser"]
coprodoc_shaped_by = "auto"
suppress_warnings = ["coprodoc"]


def setup(app):
    """Plain Sphinx reads coprodoc's blocks as nothing at all."""
    if os.environ.get("BENCH_COPRODOC"):
        app.setup_extension("coprodoc")
        return
    from docutils.parsers.rst import Directive

    class Nothing(Directive):
        has_content = True

        def run(self):
            return []

    app.add_directive("change-history", Nothing)


{include}'''


FIRST = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Femi",
    "Grace",
    "Hamid",
    "Isla",
    "Jack",
    "Kwame",
    "Lena",
    "Mark",
    "Nadia",
    "Owen",
    "Priya",
    "Quinn",
    "Rose",
    "Sam",
    "Tariq",
    "Una",
    "Viktor",
    "Will",
    "Xin",
    "Yusuf",
    "Zoe",
    "Aoife",
    "Bilal",
    "Carmen",
    "Dmitri",
    "Esther",
    "Farah",
    "Gareth",
    "Hana",
    "Ivan",
    "Joy",
    "Kofi",
    "Lucia",
    "Mei",
    "Niamh",
]
LAST = [
    "Smith",
    "Jones",
    "Patel",
    "Nowak",
    "Okafor",
    "Evans",
    "Khan",
    "Murphy",
    "Walker",
    "Brown",
    "Green",
    "Hughes",
    "Ali",
    "Wright",
    "Chen",
    "Kowalski",
    "Davies",
    "Hill",
    "Byrne",
    "Mensah",
    "Shah",
    "Price",
    "Wood",
    "Hall",
    "Young",
    "Lewis",
    "Baker",
    "Rossi",
    "Novak",
    "Kelly",
    "Moore",
    "Clarke",
    "Adeyemi",
    "Begum",
    "Ward",
    "Fox",
    "Rees",
    "Nguyen",
]


def names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """*count* people with ordinary names, some of them everyday words
    ("Will", "Rose", "Grace", "Mark"), as git records them."""
    pairs = [(first, last) for first in FIRST for last in LAST]
    rng.shuffle(pairs)
    return [
        (f"{first} {last}", f"{first}.{last}{n}@example.org".lower())
        for n, (first, last) in enumerate(pairs[:count])
    ]


def page_paths(shape: Shape, rng: random.Random) -> list[str]:
    """Paths of the pages; with a subset, the pages read are in ``read/``."""
    paths = []
    for n in range(shape.pages):
        suffix = ".md" if rng.random() < shape.markdown else ".rst"
        folder = ""
        if shape.read is not None:
            folder = "read/" if n < shape.read else "other/"
        paths.append(f"{folder}page-{n:04d}{suffix}")
    return paths


def index_page(shape: Shape) -> str:
    glob = "read/page-*" if shape.read else "page-*"
    return f"Bench\n=====\n\n.. toctree::\n   :glob:\n\n   {glob}\n"


def weights(shape: Shape) -> list[float]:
    """How often each page is edited: a few pages much more with *skew*."""
    return [1.0 / (rank + 1) ** shape.skew for rank in range(shape.pages)]


def generate(dest: Path, shape: Shape, seed: int = 7) -> None:
    """A git repository at *dest* holding a site of *shape*, at its last
    commit, checked out."""
    rng = random.Random(seed)
    writer = Writer(rng)
    dest.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True)
    people = names(shape.authors, rng)
    activity = [1.0 / (n + 1) ** 0.9 for n in range(shape.authors)]
    paths = page_paths(shape, rng)
    site = [writer.page(shape, path, n) for n, path in enumerate(paths)]
    include = (
        'include_patterns = ["index.rst", "read/**"]\n'
        if shape.read is not None
        else ""
    )
    files_now = {
        "conf.py": CONF.format(include=include),
        "index.rst": index_page(shape),
    }
    files_now.update({p.path: p.render(shape.change_history) for p in site})
    history = History()
    head = history.commit("main", "Start", people[0], files_now, [])
    state = _Walk(rng, writer, shape, site, people, activity, weights(shape))
    made, number = 1, 0
    while made < shape.commits:
        who = rng.choices(people, activity)[0]
        message, changed, removed = state.change()
        if rng.random() < shape.trailer_share:
            other = rng.choices(people, activity)[0]
            message += f"\n\nCo-authored-by: {other[0]} <{other[1]}>"
        if rng.random() < shape.pr_share:
            number += 1
            side = history.commit(f"pr{number}", message, who, changed, [head], removed)
            head = history.commit(
                "main",
                f"Merge pull request #{number} from x/pr{number}",
                people[0],
                changed,  # fast-import takes a merge's tree from its first parent
                [head, side],
                removed,
            )
        else:
            head = history.commit("main", message, who, changed, [head], removed)
        made += 1  # first-parent commits: the changes pages list
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=dest,
        input=b"".join(history.stream),
        check=True,
    )
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=dest, check=True)


@dataclass
class _Walk:
    """The site as the history goes: which page each commit edits."""

    rng: random.Random
    writer: Writer
    shape: Shape
    site: list[Page]
    people: list[tuple[str, str]]
    activity: list[float]
    page_weights: list[float]

    def change(self) -> tuple[str, dict[str, str], tuple[str, ...]]:
        """One commit's message, changed files and deleted files."""
        rng, shape = self.rng, self.shape
        n = rng.choices(range(len(self.site)), self.page_weights)[0]
        page = self.site[n]
        touched = [page]
        removed: tuple[str, ...] = ()
        moved = self.writer.edit(page, shape)
        if moved is not None:  # a paragraph moved to another page
            other = self.site[rng.randrange(len(self.site))]
            other.sections[-1][1].append(moved)
            touched.append(other)
        if shape.read is not None and rng.random() < 0.003:
            removed = self._rename_into_read(page)
            touched.append(page)
        if not shape.simple and rng.random() < 0.1:  # a second page, same commit
            other = self.site[rng.randrange(len(self.site))]
            self.writer.edit(other, shape)
            touched.append(other)
        changed = {p.path: p.render(shape.change_history) for p in touched}
        return self.subject(page), changed, removed

    def subject(self, page: Page) -> str:
        """Subjects as people write them; one in twenty names someone."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.05:
            return f"Reword after feedback from {rng.choice(self.people)[0]}"
        if roll < 0.25:
            return "Fix typo"
        word = rng.choice(self.writer.words)
        return rng.choice(
            (
                f"Update {page.title.lower()}",
                f"Clarify {word} in {page.title.lower()}",
                f"Add a paragraph on {word}",
                f"Shorten the part on {word}",
            )
        )

    def _rename_into_read(self, page: Page) -> tuple[str, ...]:
        """Move a page from ``other/`` into ``read/`` (a rename)."""
        if not page.path.startswith("other/"):
            return ()
        old = page.path
        page.path = "read/" + old.removeprefix("other/")
        return (old,)
