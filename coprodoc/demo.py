"""Builds the example policy with a scripted history: ``make demo``.

The example's sources are the policy as it stands today.  This module replays
how it got there into a fresh git repository, with fixed dates and the
contributors' own git identities: a first draft by the involvement team, pull
requests from panel members (one co-authored), a squash-merged Easy Read
translation, a decision made at a workshop and the dissent recorded after it,
the group's responses, a dissent marked resolved by the person who raised it
(their own pull request) and another marked resolved by staff without asking
them, and a formatting commit that takes no credit.  Then it
builds the site, so every page has a real change history and "Shaped by"
blocks.  The same inputs give the same commits, byte for byte.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coprodoc import gitrepo
from coprodoc.gitrepo import git_env

PEOPLE = {
    "jo": ("Jo Bennett", "jo.bennett@riverside.example"),
    "amira": ("Amira Khan", "amira@example.org"),
    "river": ("Rowan Hale", "river.writes@example.net"),
    "sam": ("Sam Okafor", "sam.o@example.net"),
    "gareth": ("Gareth Llewellyn", "gareth.l@example.net"),
    "leila": ("Leila Haddad", "leila@translate.example"),
}

#: Directives added over the history; earlier versions of a page lack them.
BLOCKS = (
    "contribution",
    "dissent",
    "decision",
    "plain-language",
    "contributors",
    "dissent-register",
    "decision-register",
    "disagreement-protocol",
    "plain-language-coverage",
    "contribution-record",
)


def strip_blocks(text: str, kinds: tuple[str, ...], markdown: bool) -> str:
    """*text* without the directives of *kinds* (rST or MyST fences)."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = re.match(r"^(`{3,}|:{3,})\{([\w-]+)\}", line) if markdown else None
        rst = re.match(r"^\.\. ([\w-]+)::", line) if not markdown else None
        if fence and fence.group(2) in kinds:
            marker = fence.group(1)
            index += 1
            while index < len(lines) and lines[index].rstrip() != marker:
                index += 1
            index += 1
            while index < len(lines) and not lines[index].strip():
                index += 1
            continue
        if rst and rst.group(1) in kinds:
            index += 1
            while index < len(lines) and (
                not lines[index].strip() or lines[index].startswith((" ", "\t"))
            ):
                index += 1
            continue
        out.append(line)
        index += 1
    return "".join(out)


@dataclass
class Step:
    """One commit (or pull request) of the scripted history."""

    date: str
    who: str
    message: str
    #: page -> directive kinds this step adds to it
    adds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: earlier wordings this step replaces with today's: (page, old, new)
    rewords: list[tuple[str, str, str]] = field(default_factory=list)
    pull_request: int | None = None
    merged_by: str = "jo"
    extra_files: dict[str, Callable[[dict[str, str]], str]] = field(
        default_factory=dict
    )


#: Earlier wordings, undone by the step that names them (see Step.rewords).
REWORDS: list[tuple[str, str, str]] = [
    (
        "purpose.md",
        "When\nthey give us their time, we thank them.",
        "When\nthey give us their time and that expertise, we pay them, "
        "as we would pay any\nother expert.",
    ),
    (
        "who-we-pay.rst",
        "because of their lived experience.",
        "because of their lived experience, including carers and family members.",
    ),
    (
        "rates.md",
        "We pay £20 for up to two hours and £10 for each hour after that, and £60 for\n"
        "a full day.",
        "We pay £25 for up to two hours and £12.50 for each hour after that, "
        "and £75 for\na full day.",
    ),
    (
        "benefits.rst",
        "Payments may affect some welfare benefits. Before your first payment we\n"
        "offer a free, confidential session with an independent benefits adviser,\n"
        "and you can choose to be paid in vouchers or to take expenses only.",
        "Payments may affect some welfare benefits. Before your first payment "
        "we offer\na free, confidential session with an independent benefits "
        "adviser, and you\ncan choose to be paid in vouchers or to take expenses "
        "only.",
    ),
    (
        "index.rst",
        "   how-to-claim\n   about\n",
        "   how-to-claim\n   decisions\n   about\n",
    ),
    # River marks their own dissent resolved: confirmed by their own change.
    (
        "rates.md",
        ":status: responded\n:decision: cash-on-the-day\n:name: cash-safety\n",
        ":status: resolved\n:decision: cash-on-the-day\n:name: cash-safety\n",
    ),
    # Staff mark the other one resolved, and nobody asked the person who
    # raised it: the example keeps that warning on purpose.
    (
        "rates.md",
        ":status: responded\n:decision: cash-on-the-day\n:name: cash-staff-risk\n",
        ":status: resolved\n:decision: cash-on-the-day\n:name: cash-staff-risk\n",
    ),
]


def _ignore_the_rewrap(shas: dict[str, str]) -> str:
    return f"# re-wrap only\n{shas['Re-wrap the benefits section']}\n"


STEPS = [
    Step("2026-02-02", "jo", "Start the policy on paying people for their time"),
    Step(
        "2026-02-20",
        "amira",
        "Say why we pay people\n\n"
        "Co-authored-by: Rowan Hale <river.writes@example.net>",
        adds={"purpose.md": ("contribution",)},
        rewords=[REWORDS[0]],
        pull_request=1,
    ),
    Step(
        "2026-03-04",
        "river",
        "Name carers and family members\n\n"
        "Co-authored-by: Sam Okafor <sam.o@example.net>",
        adds={"who-we-pay.rst": ("contribution",)},
        rewords=[REWORDS[1]],
        pull_request=2,
    ),
    Step(
        "2026-04-15",
        "jo",
        "Set the rates the panel's survey found fair\n\n"
        "Co-authored-by: Amira Khan <amira@example.org>\n"
        "Reviewed-by: Sam Okafor <sam.o@example.net>",
        adds={"rates.md": ("contribution",), "expenses.md": ("contribution",)},
        rewords=[REWORDS[2]],
    ),
    Step(
        "2026-05-02",
        "leila",
        "Add plain-language and Easy Read summaries (#3)\n\n"
        "Translated-by: Leila Haddad <leila@translate.example>\n"
        "Reviewed-by: Amira Khan <amira@example.org>",
        adds={
            "purpose.md": ("plain-language",),
            "rates.md": ("plain-language",),
            "benefits.rst": ("plain-language", "contribution"),
        },
    ),
    Step(
        "2026-05-14",
        "jo",
        "Record the workshop decision on cash payments",
        rewords=[REWORDS[4]],
        adds={
            "rates.md": ("decision",),
            "decisions.rst": ("disagreement-protocol", "decision-register"),
        },
    ),
    Step(
        "2026-05-15",
        "river",
        "Record my disagreement with cash on the day",
        adds={"rates.md": ("dissent",), "decisions.rst": ("dissent-register",)},
        pull_request=4,
    ),
    Step(
        "2026-06-03",
        "jo",
        "Answer the recorded disagreements\n\n"
        "Reviewed-by: Amira Khan <amira@example.org>",
        adds={
            "who-we-pay.rst": ("contribution",),
            "how-to-claim.rst": ("contribution",),
        },
    ),
    Step(
        "2026-06-05",
        "jo",
        "Re-wrap the benefits section",
        rewords=[REWORDS[3]],
    ),
    Step(
        "2026-06-06",
        "jo",
        "Let blame skip the re-wrap",
        extra_files={".git-blame-ignore-revs": _ignore_the_rewrap},
    ),
    Step(
        "2026-06-10",
        "river",
        "My concern about cash is answered: mark it resolved",
        rewords=[REWORDS[5]],
        pull_request=5,
    ),
    Step(
        "2026-06-11",
        "jo",
        "Close the disagreements about cash",
        rewords=[REWORDS[6]],
    ),
    Step(
        "2026-06-20",
        "jo",
        "Thank everyone who shaped the policy",
        adds={
            "about.md": BLOCKS,
            "purpose.md": BLOCKS,
            "record.md": ("contribution-record",),
        },
    ),
]


class Replay:
    """Writes the example's history into *dest*, a fresh git repository."""

    def __init__(self, example: Path, dest: Path) -> None:
        self.example = example
        self.dest = dest
        self.final = {
            path.relative_to(example).as_posix(): path.read_text("utf-8")
            for path in sorted(example.rglob("*"))
            if path.is_file()
            and "_build" not in path.parts
            and path.suffix in (".rst", ".md", ".py", ".yaml")
        }
        self.added: dict[str, set[str]] = {page: set() for page in self.final}
        self.reworded: set[tuple[str, str]] = set()
        self.shas: dict[str, str] = {}

    def version(self, page: str) -> str:
        """*page* as it stood: blocks not added yet removed, old wordings back."""
        text = self.final[page]
        if page.endswith((".rst", ".md")):
            missing = tuple(kind for kind in BLOCKS if kind not in self.added[page])
            text = strip_blocks(text, missing, page.endswith(".md"))
        for found, early, final in REWORDS:
            if found == page and (page, early) not in self.reworded:
                text = text.replace(final, early)
        return text

    def git(self, *args: str, who: str = "jo", date: str = "2026-01-01") -> str:
        name, email = PEOPLE[who]
        stamp = f"{date}T10:00:00+00:00"
        return gitrepo.output(self.dest, *args, env=git_env(name, email, stamp))

    def write_all(self) -> None:
        for page in self.final:
            target = self.dest / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.version(page), "utf-8")

    def commit(self, step: Step) -> str:
        for page, kinds in step.adds.items():
            self.added[page].update(kinds)
        for page, early, _final in step.rewords:
            self.reworded.add((page, early))
        self.write_all()
        for name, make in step.extra_files.items():
            (self.dest / name).write_text(make(self.shas), "utf-8")
        self.git("add", "-A", who=step.who, date=step.date)
        self.git("commit", "-q", "-m", step.message, who=step.who, date=step.date)
        subject = step.message.splitlines()[0]
        self.shas[subject] = self.git("rev-parse", "HEAD")
        return self.shas[subject]

    def run(self) -> str:
        self.dest.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        (self.dest / ".gitignore").write_text("_build/\n", "utf-8")
        for step in STEPS:
            if step.pull_request is None:
                self.commit(step)
                continue
            branch = f"pr-{step.pull_request}"
            self.git("checkout", "-q", "-b", branch)
            self.commit(step)
            self.git("checkout", "-q", "main")
            self.git(
                "merge",
                "-q",
                "--no-ff",
                "-m",
                f"Merge pull request #{step.pull_request} from {step.who}/{branch}",
                branch,
                who=step.merged_by,
                date=step.date,
            )
        # The last step brings every page to exactly today's text.
        leftover = [p for p in self.final if self.version(p) != self.final[p]]
        if leftover:
            raise RuntimeError(f"the scripted history does not reach {leftover}")
        return self.git("rev-parse", "HEAD")


def replay(example: Path, dest: Path) -> str:
    """Replay the example's history into *dest*; return the HEAD commit."""
    return Replay(example, dest).run()


def default_example() -> Path:
    """The example policy: inside the installed package (a wheel carries
    it), or beside the package in a source checkout."""
    here = Path(__file__).resolve().parent
    candidates = (here / "example_project", here.parent / "example_project")
    for candidate in candidates:
        if (candidate / "conf.py").is_file():
            return candidate
    return candidates[0]


def main(argv: list[str] | None = None, open_browser: bool = False) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coprodoc.demo",
        description="Build the example policy site with its full history.",
    )
    parser.add_argument("--example", type=Path, default=default_example())
    parser.add_argument("--out", type=Path, help="folder for the site and its history")
    args = parser.parse_args(argv)
    if not (args.example / "conf.py").is_file():
        print(
            f"coprodoc demo: there is no example project at {args.example} "
            "(no conf.py there). The example comes with coprodoc: reinstall it "
            "(pip install --force-reinstall coprodoc), or give the folder of "
            "an example with --example FOLDER.",
            file=sys.stderr,
        )
        return 2
    out = (args.out or Path(tempfile.mkdtemp(prefix="coprodoc-demo-"))).resolve()
    source = out / "source"
    if source.exists():
        shutil.rmtree(source)
    try:
        head = replay(args.example, source)
    except gitrepo.GitError as exc:
        print(f"coprodoc demo: the example's history could not be written: {exc}")
        return 2
    from sphinx.cmd.build import build_main

    html = out / "html"
    status = build_main(["-q", "-E", "-b", "html", str(source), str(html)])
    print()
    print(f"Replayed the policy's history ({head[:12]}) into {source}")
    print("The example policy site is built. Open it in a browser:")
    print(f"  {html / 'index.html'}")
    if open_browser:
        import webbrowser

        webbrowser.open((html / "index.html").as_uri())
    return status


if __name__ == "__main__":
    sys.exit(main())
