"""Precision and recall of the plain-language checks on a labelled corpus.

Usage (from the repository root, with the project's virtual environment)::

    .venv/bin/python benchmarks/language_precision.py [--json] [--misses]

Each case of ``tests/data/language-corpus.yml`` becomes one page of a small
Sphinx site (with a glossary page), built once with coprodoc, so the figures
are what a real build reports: the same text extraction, rules, acronym check
and page-wide explanations.  Findings are then compared with the labels:

- **labels**: labelling-rule findings (``coprodoc.language``), by rule id;
- **acronyms**: acronyms reported as not explained (``coprodoc.jargon``).

Precision is the share of findings that were expected; recall the share of
expected findings that were made.  A team keeps a linter switched on when
both are high: precision is what the issue (#16) was about.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "language-corpus.yml"
FAMILIES = ("labels", "acronyms")

#: The site glossary every case page shares.
GLOSSARY = """\
Glossary
========

.. glossary::

   ICB
      Integrated care board: the NHS body that plans health services in an
      area.

   Care Quality Commission (CQC)
      The regulator of health and social care services in England.
"""

CONF = """\
project = "Language corpus"
extensions = ["coprodoc"]
coprodoc_history = False
suppress_warnings = ["coprodoc"]
"""


@dataclass(frozen=True)
class Case:
    """One labelled page of the corpus."""

    number: int
    kind: str
    source: str
    text: str
    labels: Counter[str]
    acronyms: Counter[str]
    #: "development" (the rules were tuned with these in view) or "held-out"
    set: str = "development"

    @property
    def docname(self) -> str:
        return f"case{self.number:03d}"


@dataclass
class Tally:
    """Counts for one rule or family, and the cases that went wrong."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.tp + self.fp
        return self.tp / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.tp + self.fn
        return self.tp / expected if expected else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


def load_cases(path: Path = CORPUS) -> list[Case]:
    data = yaml.safe_load(path.read_text("utf-8"))
    cases = []
    for number, item in enumerate(data["cases"], start=1):
        cases.append(
            Case(
                number,
                item["kind"],
                item["source"],
                item["text"],
                Counter(f"coprodoc.{rule}" for rule in item.get("labels", [])),
                Counter(item.get("acronyms", [])),
                item.get("set", "development"),
            )
        )
    return cases


def write_site(cases: Iterable[Case], folder: Path) -> None:
    """A Sphinx site: one page per case, a glossary, and an index."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text(CONF)
    (folder / "glossary.rst").write_text(GLOSSARY)
    names = []
    for case in cases:
        title = f"Case {case.number}"
        page = f"{title}\n{'=' * len(title)}\n\n{case.text.rstrip()}\n"
        (folder / f"{case.docname}.rst").write_text(page)
        names.append(case.docname)
    toctree = "".join(f"   {name}\n" for name in ["glossary", *names])
    (folder / "index.rst").write_text(
        f"Corpus\n======\n\n.. toctree::\n   :hidden:\n\n{toctree}"
    )


def findings_by_page(folder: Path) -> dict[str, list[Any]]:
    """Build the site and return coprodoc's findings, by page."""
    from sphinx.application import Sphinx

    from coprodoc.language.check import all_findings

    app = Sphinx(
        str(folder),
        str(folder),
        str(folder / "_build" / "out"),
        str(folder / "_build" / "doctrees"),
        "dummy",
        status=None,
        warning=io.StringIO(),
        freshenv=True,
    )
    app.build()
    pages: dict[str, list[Any]] = {}
    for finding in all_findings(app.env):
        pages.setdefault(finding.docname, []).append(finding)
    return pages


def found_in(findings: Iterable[Any]) -> tuple[Counter[str], Counter[str]]:
    """Label findings by rule id, and acronym findings by acronym."""
    labels: Counter[str] = Counter()
    acronyms: Counter[str] = Counter()
    for finding in findings:
        if finding.subtype == "language":
            labels[finding.rule] += 1
        elif finding.rule in ("acronym", "easy-read-acronym"):
            acronyms[finding.match] += 1
    return labels, acronyms


def _compare(
    tallies: dict[str, Tally],
    expected: Counter[str],
    found: Counter[str],
    case: Case,
    key: Any,
) -> None:
    for item in expected | found:
        tally = tallies.setdefault(key(item), Tally())
        hits = min(expected[item], found[item])
        tally.tp += hits
        tally.fp += found[item] - hits
        tally.fn += expected[item] - hits
        if found[item] != expected[item]:
            what = "false alarm" if found[item] > expected[item] else "missed"
            tally.misses.append(f"{case.docname} {what} {item}: {case.text.strip()}")


def score(cases: list[Case], pages: dict[str, list[Any]]) -> dict[str, Tally]:
    """Tallies per family (``labels``, ``acronyms``) and per labelling rule."""
    rules: dict[str, Tally] = {}
    acronyms: dict[str, Tally] = {}
    for case in cases:
        found_labels, found_acronyms = found_in(pages.get(case.docname, []))
        _compare(rules, case.labels, found_labels, case, lambda rule: rule)
        _compare(acronyms, case.acronyms, found_acronyms, case, lambda _a: "acronym")
    tallies = {"labels": _sum(rules.values()), "acronyms": _sum(acronyms.values())}
    tallies.update(sorted(rules.items()))
    return tallies


def _sum(parts: Iterable[Tally]) -> Tally:
    total = Tally()
    for part in parts:
        total.tp += part.tp
        total.fp += part.fp
        total.fn += part.fn
        total.misses += part.misses
    return total


def corpus_summary(cases: list[Case]) -> dict[str, Any]:
    return {
        "cases": len(cases),
        "kinds": dict(Counter(case.kind for case in cases)),
        "sets": dict(Counter(case.set for case in cases)),
        "sources": dict(Counter(case.source for case in cases)),
    }


def run(corpus: Path = CORPUS) -> dict[str, Any]:
    cases = load_cases(corpus)
    with tempfile.TemporaryDirectory(prefix="coprodoc-corpus-") as tmp:
        site = Path(tmp) / "site"
        write_site(cases, site)
        pages = findings_by_page(site)
    tallies = score(cases, pages)
    by_set = {}
    for name in sorted({case.set for case in cases}):
        part = score([case for case in cases if case.set == name], pages)
        by_set[name] = {family: part[family].as_dict() for family in FAMILIES}
    return {
        "corpus": corpus_summary(cases),
        "scores": {name: tally.as_dict() for name, tally in tallies.items()},
        "sets": by_set,
        "misses": {name: tallies[name].misses for name in FAMILIES},
    }


def _table(report: dict[str, Any], misses: bool) -> str:
    lines = [
        f"{report['corpus']['cases']} cases: {report['corpus']['kinds']}",
        "",
        f"{'':28} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}",
    ]
    for name, row in report["scores"].items():
        lines.append(
            f"{name:28} {row['tp']:>4} {row['fp']:>4} {row['fn']:>4} "
            f"{row['precision']:>10.1%} {row['recall']:>8.1%}"
        )
        if name == "acronyms":
            lines.append("")
    for name, families in report["sets"].items():
        figures = ", ".join(
            f"{family} {row['precision']:.1%} / {row['recall']:.1%}"
            for family, row in families.items()
        )
        lines.append(f"{name} (precision / recall): {figures}")
    if misses:
        for family in FAMILIES:
            lines += ["", f"{family}:", *(f"  {m}" for m in report["misses"][family])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    report = run(args.corpus)
    print(json.dumps(report, indent=2) if args.json else _table(report, args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
