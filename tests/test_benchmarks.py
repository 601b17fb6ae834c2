"""The benchmark scripts still run (at a tiny size: this times nothing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def test_history_benchmark_runs_end_to_end(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "history_benchmark.py"),
            "--pages",
            "4",
            "--sections",
            "2",
            "--commits",
            "30",
            "--authors",
            "3",
            "--rounds",
            "1",
            "--work",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout[done.stdout.index("{") :])
    assert set(report["ratios"]) == {
        "blame_per_file / history_cold",
        "full wall coprodoc / plain",
        "full cpu coprodoc / plain",
        "incremental best_wall_s coprodoc / plain",
        "incremental median_cpu_s coprodoc / plain",
        "peak memory coprodoc / plain",
    }
    assert all(value > 0 for value in report["ratios"].values())
