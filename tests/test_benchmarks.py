"""The benchmark scripts still run (at a tiny size: this times nothing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def run_benchmark(tmp_path, *arguments):
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "history_benchmark.py"), *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout[done.stdout.index("{") :])


def test_history_benchmark_runs_end_to_end(tmp_path):
    report = run_benchmark(
        tmp_path,
        *("--shape", "guide", "--pages", "4", "--commits", "30", "--authors", "3"),
        *("--pairs", "2", "--work", str(tmp_path / "work"), "--control"),
    )
    for name in ("cold", "fresh", "incremental"):
        assert report[f"{name} ratio of medians (wall)"] > 0
        assert len(report[f"{name} pair ratios"]) == 2
        assert report[f"{name} peak memory ratio"] > 0
        # plain Sphinx against itself: the noise, measured in the same run
        assert len(report[f"{name} control pair ratios"]) == 2
        assert report[f"{name} control median of pair ratios (wall)"] > 0
    assert report["history step cold s"] > 0
    assert report["blame per page read s"] > 0


def test_history_benchmark_subset_reads_a_part_of_the_folder(tmp_path):
    """The subset shape builds only the pages in read/ (include_patterns)."""
    work = tmp_path / "work"
    report = run_benchmark(
        tmp_path,
        *("--shape", "subset", "--pages", "10", "--read", "3", "--commits", "40"),
        *("--authors", "4", "--pairs", "1", "--measure", "cold,blame"),
        *("--work", str(work)),
    )
    assert report["blame per page / coprodoc extra"] > 0
    built = {p.stem for p in (work / "coprodoc" / "read").glob("page-*.html")}
    assert built == {"page-0000", "page-0001", "page-0002"}
    assert not (work / "coprodoc" / "other").exists()
