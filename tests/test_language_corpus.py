"""The labelling and acronym checks on the labelled corpus (issue #16): at
least 95 % precision and 95 % recall for each family, in a real build."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
SCRIPT = ROOT / "benchmarks" / "language_precision.py"
CORPUS = ROOT / "tests" / "data" / "language-corpus.yml"
FAMILIES = ("labels", "acronyms")


def benchmark(corpus: Path = CORPUS) -> dict:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--json", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def report() -> dict:
    return benchmark()


def test_the_corpus_is_large_varied_and_balanced():
    cases = yaml.safe_load(CORPUS.read_text())["cases"]
    kinds = Counter(case["kind"] for case in cases)
    assert len(cases) >= 120
    # about half label people, half use the same words otherwise
    assert 0.45 <= kinds["people"] / (kinds["people"] + kinds["other"]) <= 0.55
    assert kinds["acronym"] >= 40
    assert {case["source"] for case in cases} >= {
        "policy",
        "health",
        "care",
        "housing",
        "software",
        "legal",
    }
    expected = {rule for case in cases for rule in case.get("labels", [])}
    shipped = {path.stem for path in (ROOT / "coprodoc/language/rules").glob("*.yml")}
    assert expected == shipped


@pytest.mark.parametrize("family", FAMILIES)
def test_precision_and_recall_are_at_least_95_percent(family, report):
    scores = report["scores"][family]
    misses = "\n".join(report["misses"][family])
    assert scores["precision"] >= 0.95, misses
    assert scores["recall"] >= 0.95, misses
    assert scores["tp"] >= 40


def test_every_rule_is_measured_and_no_rule_falls_below_90_percent(report):
    rules = {k: v for k, v in report["scores"].items() if k.startswith("coprodoc.")}
    assert len(rules) == 7
    for rule, scores in rules.items():
        assert min(scores["precision"], scores["recall"]) >= 0.9, (rule, scores)


def test_the_score_counts_false_alarms_and_misses(tmp_path):
    """The benchmark can fail: a case labelled wrongly is counted against."""
    corpus = tmp_path / "corpus.yml"
    corpus.write_text(
        "cases:\n"
        "  - {kind: other, source: policy, text: We asked service users.}\n"
        "  - {kind: people, source: care, labels: [Vulnerable],\n"
        "     text: The bridge is vulnerable to flooding.}\n"
        "  - {kind: acronym, source: health, text: Ask the DWP.}\n"
    )
    scores = benchmark(corpus)["scores"]
    assert scores["labels"] == {
        "tp": 0,
        "fp": 1,
        "fn": 1,
        "precision": 0.0,
        "recall": 0.0,
    }
    assert scores["acronyms"]["fp"] == 1
