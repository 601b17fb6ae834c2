"""Benchmark: coprodoc's builds against plain Sphinx, and its history step
against per-file ``git blame``, on generated sites of real shapes.

Usage (from the repository root, with the project's virtual environment)::

    .venv/bin/python benchmarks/history_benchmark.py --shape guide --pairs 5

Shapes are described in :mod:`sites` (``synthetic``, ``guide``,
``standards``, ``subset``).  In one run on one repository it measures:

1. cold builds (the output folder removed, so the history cache is cold, as
   on a fresh clone without ``coprodoc_cache_dir``), plain Sphinx and with
   coprodoc, in alternating pairs;
2. fresh builds (``-E``: every page read again, the history cache kept, as
   on CI with ``coprodoc_cache_dir`` restored), in alternating pairs;
3. incremental rebuilds after editing one page, in alternating pairs;
4. the history step alone, cold (``Replayer.replay``), against one
   ``git blame --first-parent`` per page read, the way per-page tools work.

Only ratios measured in the same run mean anything on a shared machine: the
report gives the median of each kind, the ratio of the medians and the
median of the pair ratios.  Builds run in child processes, which report
their own wall time, CPU time (git's processes included) and peak memory.
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
import sites

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

KINDS = ("plain", "coprodoc")
#: ``--control`` adds plain Sphinx again, into its own folder: the spread of
#: its ratios to ``plain`` is the machine's noise, measured in the same run.
CONTROL = "control"


class Timing(NamedTuple):
    wall_s: float
    cpu_s: float
    peak_kb: int


#: how each measure starts: ``cold`` removes the output folder (doctrees
#: and coprodoc's history cache with it, as a first build on a fresh clone
#: without ``coprodoc_cache_dir``); ``fresh`` is ``sphinx-build -E`` (every
#: page read again, the caches in the doctree folder kept, as on CI with
#: ``coprodoc_cache_dir`` restored); ``incremental`` follows an edit to one
#: page.
MODES = ("cold", "fresh", "incremental")


def sphinx(
    src: Path, out: Path, kind: str, builder: str, mode: str, jobs: str | None
) -> Timing:
    """Build in a child process, which times itself and reports its peak
    memory."""
    if mode == "cold" and out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "BENCH_COPRODOC": "1" if kind == "coprodoc" else ""}
    args = ["-q", "-b", builder, *(["-E"] if mode == "fresh" else [])]
    args += [*(["-j", jobs] if jobs else []), str(src), str(out)]
    done = subprocess.run(
        [sys.executable, "-c", BUILD, *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    line = [x for x in done.stdout.splitlines() if x.startswith("RESULT")]
    if not line or line[-1].split()[1] != "0":
        raise RuntimeError(done.stderr[-3000:])
    _tag, _status, took, peak, took_cpu = line[-1].split()
    return Timing(float(took), float(took_cpu), int(peak))


def replay_cold(src: Path, wanted: frozenset[str] | None = None) -> object:
    """The history step of a build, cold: every commit replayed (for the
    pages *wanted*, by default all of them) and the cache written."""
    from coprodoc import gitrepo
    from coprodoc.history.identity import Identities
    from coprodoc.history.replayer import Job, Replayer
    from coprodoc.registry import Registry

    head = gitrepo.status(src).head
    assert head is not None
    if wanted is None:
        wanted = frozenset(
            p.relative_to(src).as_posix() for p in src.rglob("page-*") if p.is_file()
        )
    with tempfile.TemporaryDirectory() as cache:
        job = Job(src, "", head, (".",), wanted, Path(cache) / "history.pickle")
        replayer = Replayer(Identities(Registry()), {}, (".rst", ".md"))
        return replayer.cold(job)


def history_step(src: Path, shape: sites.Shape) -> float:
    """Seconds for :func:`replay_cold` of the pages the build reads."""
    wanted = frozenset(p.relative_to(src).as_posix() for p in pages_read(src, shape))
    start = time.perf_counter()
    replay_cold(src, wanted)
    return time.perf_counter() - start


def pages_read(src: Path, shape: sites.Shape) -> list[Path]:
    folder = src / "read" if shape.read is not None else src
    return sorted(p for p in folder.glob("page-*") if p.suffix in (".rst", ".md"))


def blame_per_page(src: Path, pages: list[Path]) -> float:
    start = time.perf_counter()
    for page in pages:
        subprocess.run(
            ["git", "blame", "--first-parent", "--porcelain", "--", str(page)],
            cwd=src,
            capture_output=True,
            check=True,
        )
    return time.perf_counter() - start


def pairs(
    work: Path,
    shape: sites.Shape,
    count: int,
    mode: str,
    jobs: str | None,
    kinds: tuple[str, ...] = KINDS,
) -> dict[str, list[Timing]]:
    """*count* builds of each kind, taking turns at going first; before an
    incremental round, one page read is edited (the same edit for all)."""
    src = work / "site"
    page = pages_read(src, shape)[1]
    found: dict[str, list[Timing]] = {kind: [] for kind in kinds}
    if mode != "cold":  # the builds these start from, not counted
        for kind in kinds:
            sphinx(src, work / kind, kind, shape.builder, "incremental", jobs)
    for number in range(count):
        if mode == "incremental":
            line = f"\nOne more sentence for the benchmark, round {number}.\n"
            page.write_text(page.read_text() + line)
        turn = number % len(kinds)  # with two kinds: they alternate
        for kind in kinds[turn:] + kinds[:turn]:
            found[kind].append(
                sphinx(src, work / kind, kind, shape.builder, mode, jobs)
            )
    return found


def summary(found: dict[str, list[Timing]], name: str) -> dict[str, float]:
    plain, ours = found["plain"], found["coprodoc"]
    wall = {k: statistics.median(t.wall_s for t in v) for k, v in found.items()}
    cpu = {k: statistics.median(t.cpu_s for t in v) for k, v in found.items()}
    return {
        f"{name} plain median wall s": wall["plain"],
        f"{name} coprodoc median wall s": wall["coprodoc"],
        f"{name} ratio of medians (wall)": wall["coprodoc"] / wall["plain"],
        f"{name} median of pair ratios (wall)": statistics.median(
            b.wall_s / a.wall_s for a, b in zip(plain, ours, strict=True)
        ),
        f"{name} ratio of medians (cpu)": cpu["coprodoc"] / cpu["plain"],
        # a slow spell of the machine only adds time: the fastest build of
        # each kind is the one least disturbed (as timeit reports)
        f"{name} ratio of fastest (wall)": min(t.wall_s for t in ours)
        / min(t.wall_s for t in plain),
        f"{name} extra s (median)": wall["coprodoc"] - wall["plain"],
        f"{name} pair ratios": [  # type: ignore[dict-item]
            round(b.wall_s / a.wall_s, 3) for a, b in zip(plain, ours, strict=True)
        ],
        f"{name} peak memory ratio": max(t.peak_kb for t in ours)
        / max(t.peak_kb for t in plain),
        **_control(found, name),  # type: ignore[dict-item]
    }


def _control(found: dict[str, list[Timing]], name: str) -> dict[str, object]:
    """Plain Sphinx against itself, when ``--control`` ran it: a ratio this
    far from 1 is noise, so coprodoc's ratio means as much as its distance
    from this one."""
    if CONTROL not in found:
        return {}
    plain, again = found["plain"], found[CONTROL]
    ratios = [b.wall_s / a.wall_s for a, b in zip(plain, again, strict=True)]
    return {
        f"{name} control ratio of medians (wall)": statistics.median(
            t.wall_s for t in again
        )
        / statistics.median(t.wall_s for t in plain),
        f"{name} control median of pair ratios (wall)": statistics.median(ratios),
        f"{name} control pair ratios": [round(r, 3) for r in ratios],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", choices=sorted(sites.SHAPES), default="synthetic")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="folder to work in (kept)")
    parser.add_argument("--reuse", action="store_true", help="keep --work's site")
    parser.add_argument("--jobs", help="sphinx-build -j for both kinds")
    parser.add_argument(
        "--control",
        action="store_true",
        help="also build plain Sphinx a second time, to measure the noise",
    )
    for name in ("pages", "commits", "authors", "read"):  # a smaller shape
        parser.add_argument(f"--{name}", type=int, help=f"override the shape's {name}")
    parser.add_argument(
        "--measure",
        default="step,blame,cold,fresh,incremental",
        help="comma-separated: step, blame, cold, fresh, incremental",
    )
    args = parser.parse_args()
    overrides = {
        name: getattr(args, name)
        for name in ("pages", "commits", "authors", "read")
        if getattr(args, name) is not None
    }
    shape = dataclasses.replace(sites.SHAPES[args.shape], **overrides)
    work = args.work or Path(tempfile.mkdtemp(prefix=f"coprodoc-{args.shape}-"))
    src = work / "site"
    if not (args.reuse and src.exists()):
        shutil.rmtree(work, ignore_errors=True)
        started = time.perf_counter()
        sites.generate(src, shape)
        print(f"generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    measure = set(args.measure.split(","))
    # Both kinds import from bytecode, as an installed package does (an
    # editable install under PYTHONDONTWRITEBYTECODE would compile coprodoc
    # on every build).
    import coprodoc

    compileall.compile_dir(Path(coprodoc.__file__).parent, quiet=1)
    results: dict[str, object] = {"shape": args.shape, "work": str(work)}
    if "step" in measure:
        results["history step cold s"] = statistics.median(
            history_step(src, shape) for _ in range(3)
        )
    if "blame" in measure:
        results["blame per page read s"] = blame_per_page(src, pages_read(src, shape))
    for mode in MODES:
        if mode in measure:
            kinds = (*KINDS, CONTROL) if args.control else KINDS
            found = pairs(work, shape, args.pairs, mode, args.jobs, kinds)
            results.update(summary(found, mode))
    if "blame per page read s" in results and "cold extra s (median)" in results:
        # a first build: coprodoc replays the history, blame runs per page
        extra = results["cold extra s (median)"]
        results["blame per page / coprodoc extra"] = (
            results["blame per page read s"] / extra if extra > 0 else float("inf")  # type: ignore[operator]
        )
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
