"""Benchmark: coprodoc's history step and builds against plain Sphinx and
per-file ``git blame``, on a synthetic policy site and repository.

Usage (from the repository root, with the project's virtual environment)::

    .venv/bin/python benchmarks/history_benchmark.py --pages 600 --commits 12000

It generates the site and its history (with ``git fast-import``, so making
12,000 commits takes seconds), then reports, in one run on the same
repository:

1. a full ``sphinx-build`` without coprodoc;
2. the same with coprodoc and ``coprodoc_shaped_by = "auto"``;
3. an incremental rebuild after editing one page, with and without coprodoc;
4. the history step alone, cold, against the way per-page tools work: one
   ``git blame --first-parent`` per file.

Figures are ratios measured in the same run: the machines are noisy, so only
ratios mean anything.  Builds run in child processes, which also report their
own peak memory.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import NamedTuple

_TEXT = """
we pay people for their time and expertise when they help us plan check and
improve services including carers families panel members workshops meetings
reading documents interview panels training others travel care support costs
on the day bank transfer voucher cash benefits adviser confidential session
"""
WORDS = _TEXT.split()


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> list[str]:
    text = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
    return textwrap.wrap(text, 72)


def new_page(rng: random.Random, number: int, sections: int) -> list[list[str]]:
    """A page as a list of sections, each a list of lines (title first)."""
    page = [[f"Policy page {number}", "=" * 20, ""]]
    page[0] += [*paragraph(rng), ""]
    for s in range(sections):
        title = f"Part {s + 1} of page {number}"
        page.append([title, "-" * len(title), "", *paragraph(rng), ""])
    return page


def render(page: list[list[str]]) -> str:
    return "\n".join(line for section in page for line in section) + "\n"


def edit(rng: random.Random, page: list[list[str]]) -> None:
    """Rewrite, add or re-wrap a paragraph line in one section."""
    section = rng.choice(page)
    body = [i for i, line in enumerate(section) if i >= 3 and line]
    roll = rng.random()
    if roll < 0.5 and body:
        section[rng.choice(body)] = " ".join(rng.choices(WORDS, k=rng.randint(6, 12)))
    elif roll < 0.85:
        section.insert(len(section) - 1, sentence(rng))
    elif body:
        joined = " ".join(section[i] for i in body)
        section[3:] = [*textwrap.wrap(joined, rng.choice((60, 66, 72, 78))), ""]


def generate(
    dest: Path,
    pages: int,
    sections: int,
    commits: int,
    authors: int,
    trailer_share: float,
    pr_share: float,
    seed: int = 7,
) -> None:
    rng = random.Random(seed)
    dest.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True)
    people = [(f"Author {n}", f"author{n}@example.org") for n in range(authors)]
    site = [new_page(rng, n, sections) for n in range(pages)]
    stream: list[bytes] = []
    mark = 0
    stamp = 1_700_000_000

    def blob_commands(changed: dict[str, str]) -> list[bytes]:
        out = []
        for path, text in changed.items():
            data = text.encode()
            out.append(f"M 100644 inline {path}\n".encode())
            out.append(f"data {len(data)}\n".encode() + data + b"\n")
        return out

    def commit(
        branch: str,
        message: str,
        who: tuple[str, str],
        changed: dict[str, str],
        parents: list[int],
    ) -> int:
        nonlocal mark, stamp
        mark += 1
        stamp += 600
        msg = message.encode()
        stream.append(f"commit refs/heads/{branch}\nmark :{mark}\n".encode())
        ident = f"{who[0]} <{who[1]}> {stamp} +0000\n"
        stream.append(f"author {ident}committer {ident}".encode())
        stream.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        if parents:
            stream.append(f"from :{parents[0]}\n".encode())
            for other in parents[1:]:
                stream.append(f"merge :{other}\n".encode())
        stream.extend(blob_commands(changed))
        return mark

    files = {"conf.py": 'project = "Bench"\n'}
    toctree = "Bench\n=====\n\n.. toctree::\n   :glob:\n\n   page-*\n"
    files["index.rst"] = toctree
    files.update({f"page-{n:04d}.rst": render(p) for n, p in enumerate(site)})
    head = commit("main", "Start", people[0], files, [])
    made, number = 1, 0
    while made < commits:
        who = rng.choice(people)
        n = rng.randrange(pages)
        edit(rng, site[n])
        message = f"Edit page {n}"
        if rng.random() < trailer_share:
            other = rng.choice(people)
            message += f"\n\nCo-authored-by: {other[0]} <{other[1]}>"
        changed = {f"page-{n:04d}.rst": render(site[n])}
        if rng.random() < pr_share and made + 2 <= commits:
            number += 1
            side = commit(f"pr{number}", message, who, changed, [head])
            head = commit(
                "main",
                f"Merge pull request #{number} from x/pr{number}",
                people[0],
                {},
                [head, side],
            )
            made += 2
        else:
            head = commit("main", message, who, changed, [head])
            made += 1
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=dest, input=b"".join(stream), check=True
    )
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=dest, check=True)


BUILD = """
import resource, sys, time
from sphinx.cmd.build import build_main

def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # git, for coprodoc
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

start, start_cpu = time.perf_counter(), cpu()
status = build_main(sys.argv[1:])
took, took_cpu = time.perf_counter() - start, cpu() - start_cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"RESULT {status} {took:.3f} {peak} {took_cpu:.3f}")
"""


class Timing(NamedTuple):
    wall_s: float
    cpu_s: float
    peak_kb: int


def sphinx(src: Path, out: Path, with_coprodoc: bool, fresh: bool) -> Timing:
    """Build in a child process, which times itself (wall and CPU seconds of
    the build, git's processes included) and reports its peak memory."""
    config = ["-D", "extensions=coprodoc", "-D", "coprodoc_shaped_by=auto"]
    if not with_coprodoc:
        config = []
    args = ["-q", "-b", "html", *(["-E"] if fresh else []), *config, str(src), str(out)]
    done = subprocess.run(
        [sys.executable, "-c", BUILD, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    line = [x for x in done.stdout.splitlines() if x.startswith("RESULT")]
    if not line:
        raise RuntimeError(done.stderr[-2000:])
    _tag, status, took, peak, took_cpu = line[-1].split()
    if status != "0":
        raise RuntimeError(done.stderr[-2000:])
    return Timing(float(took), float(took_cpu), int(peak))


def history_step(src: Path) -> float:
    """The history replay alone, cold, as a build runs it."""
    from coprodoc import gitrepo
    from coprodoc.history.engine import HistoryState, Replayer
    from coprodoc.history.identity import Identities
    from coprodoc.registry import Registry

    start = time.perf_counter()
    head = gitrepo.status(src).head
    assert head is not None
    repo = gitrepo.open_repo(src)
    replayer = Replayer(Identities(Registry()), {}, (".rst",))
    state = HistoryState(key="", head=head)
    replayer.replay(repo, state, head, ["."], set(), set())
    took = time.perf_counter() - start
    assert len(state.files) > 0
    return took


def blame_per_file(src: Path) -> float:
    pages = sorted(src.glob("page-*.rst"))
    start = time.perf_counter()
    for page in pages:
        subprocess.run(
            ["git", "blame", "--first-parent", "--porcelain", page.name],
            cwd=src,
            capture_output=True,
            check=True,
        )
    return time.perf_counter() - start


def incremental(work: Path, rounds: int = 5) -> dict[str, float]:
    """Edit one page, rebuild with and without coprodoc, *rounds* times each,
    alternating.

    Wall time on a shared two-core machine swings by a fifth between
    identical rebuilds (disk waits while writing HTML), so two figures are
    kept: the best wall time of each kind, and the median CPU time (user and
    system, git's processes included), which waiting for the disk does not
    move.
    """
    src = work / "site"
    page = src / "page-0001.rst"
    timings: dict[str, list[Timing]] = {"plain": [], "coprodoc": []}
    for _round in range(rounds):
        for kind in ("plain", "coprodoc"):
            page.write_text(
                page.read_text() + "\nOne more sentence for the benchmark.\n"
            )
            timings[kind].append(sphinx(src, work / kind, kind == "coprodoc", False))
    return {
        f"{kind}_incremental_{measure}": (
            min(t.wall_s for t in found)
            if measure == "best_wall_s"
            else statistics.median(t.cpu_s for t in found)
        )
        for kind, found in timings.items()
        for measure in ("best_wall_s", "median_cpu_s")
    }


def incremental_ratios(found: dict[str, float]) -> dict[str, float]:
    return {
        f"incremental {measure} coprodoc / plain": found[
            f"coprodoc_incremental_{measure}"
        ]
        / found[f"plain_incremental_{measure}"]
        for measure in ("best_wall_s", "median_cpu_s")
    }


def incremental_only(work: Path, rounds: int) -> int:
    found = incremental(work, rounds)
    print(json.dumps({"seconds": found, **incremental_ratios(found)}, indent=2))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--sections", type=int, default=4)
    parser.add_argument("--commits", type=int, default=12000)
    parser.add_argument("--authors", type=int, default=40)
    parser.add_argument("--trailer-share", type=float, default=0.2)
    parser.add_argument("--pr-share", type=float, default=0.15)
    parser.add_argument("--work", type=Path, help="folder to work in (kept)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="incremental rebuilds of each kind; the best one counts",
    )
    parser.add_argument(
        "--incremental-only",
        action="store_true",
        help="reuse --work from an earlier run; time the incremental rebuilds only",
    )
    args = parser.parse_args()
    if args.incremental_only:
        return incremental_only(args.work, args.rounds)
    work = args.work or Path(tempfile.mkdtemp(prefix="coprodoc-bench-"))
    if work.exists():
        shutil.rmtree(work)
    src = work / "site"
    t0 = time.perf_counter()
    generate(
        src,
        args.pages,
        args.sections,
        args.commits,
        args.authors,
        args.trailer_share,
        args.pr_share,
    )
    print(
        f"generated {args.pages} pages, {args.commits} commits "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    results: dict[str, float] = {}
    results["history_cold_s"] = history_step(src)
    results["blame_per_file_s"] = blame_per_file(src)
    plain = sphinx(src, work / "plain", False, True)
    full = sphinx(src, work / "coprodoc", True, True)
    results.update(plain_full_s=plain.wall_s, coprodoc_full_s=full.wall_s)
    results.update(plain_full_cpu_s=plain.cpu_s, coprodoc_full_cpu_s=full.cpu_s)
    found = incremental(work, args.rounds)
    results.update(found)
    results["plain_peak_kb"] = plain.peak_kb
    results["coprodoc_peak_kb"] = full.peak_kb
    ratios = {
        "blame_per_file / history_cold": results["blame_per_file_s"]
        / results["history_cold_s"],
        "full wall coprodoc / plain": full.wall_s / plain.wall_s,
        "full cpu coprodoc / plain": full.cpu_s / plain.cpu_s,
        **incremental_ratios(found),
        "peak memory coprodoc / plain": full.peak_kb / plain.peak_kb,
    }
    print(
        json.dumps(
            {
                "inputs": vars(args) | {"work": str(work)},
                "seconds": results,
                "ratios": ratios,
            },
            indent=2,
            default=str,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
