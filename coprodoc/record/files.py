"""The record written as files: ``coprodoc-record.json`` and four CSVs.

The CSVs are flat views of the JSON for spreadsheets, one row per
contribution, dissent, decision and section; lists inside a cell are joined
with "; ".  Both are written byte for byte the same from the same record.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from coprodoc.cleantext import strip_invisible

JSON_NAME = "coprodoc-record.json"
CSV_NAMES = ("contributions.csv", "dissents.csv", "decisions.csv", "sections.csv")
RECORD_FILES = (JSON_NAME, *CSV_NAMES)

CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "contributions.csv": (
        "document",
        "section_id",
        "section_title",
        "id",
        "by",
        "by_ids",
        "roles",
        "date",
        "via",
        "link",
        "text",
    ),
    "dissents.csv": (
        "document",
        "section_id",
        "section_title",
        "id",
        "name",
        "by",
        "by_ids",
        "date",
        "status",
        "decision",
        "review",
        "responses",
        "last_resolution",
        "resolution_confirmed",
        "confirmed_through",
        "confirmed_by",
        "confirmed",
        "confirmed_via",
        "marked_resolved_by",
        "resolution_change",
        "text",
    ),
    "decisions.csv": (
        "document",
        "section_id",
        "section_title",
        "id",
        "name",
        "title",
        "date",
        "status",
        "method",
        "for",
        "against",
        "abstain",
        "block",
        "deciders",
        "review",
        "supersedes",
        "dissents",
        "question",
        "chair",
        "question_changed_in",
    ),
    "sections.csv": (
        "document",
        "section_id",
        "section_title",
        "contributions",
        "git_contributors",
        "unnamed_git_contributors",
        "dissents",
        "open_dissents",
        "decisions",
        "summaries",
        "commits",
        "last_change",
        "outside_contribution",
        "outside_share",
        "lists_records",
    ),
}


def record_json(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def _joined(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values)


def _pick(item: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: item[key] for key in keys}


#: A cell starting with one of these is run as a formula by spreadsheets
#: (OWASP, "CSV injection"); such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = strip_invisible(str(value))
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


Row = dict[str, Any]
Names = Callable[[list[str]], str]


def _contribution_rows(section: dict[str, Any], names: Names) -> Iterator[Row]:
    for item in section["contributions"]:
        yield {
            **_pick(item, "id", "date", "via", "link", "text"),
            "by": names(item["by"]),
            "by_ids": _joined(item["by"]),
            "roles": _joined(item["roles"]),
        }


def _dissent_rows(section: dict[str, Any], names: Names) -> Iterator[Row]:
    for item in section["dissents"]:
        responses = item["responses"]
        closure = item["closure"] or {}
        yield {
            **_pick(item, "id", "name", "date", "status", "decision", "review", "text"),
            "by": names(item["by"]),
            "by_ids": _joined(item["by"]),
            "responses": len(responses),
            "last_resolution": responses[-1]["resolution"] if responses else None,
            "resolution_confirmed": closure.get("confirmed"),
            "confirmed_through": closure.get("confirmed_through"),
            "confirmed_by": names(item["confirmed_by"]),
            "confirmed": item["confirmed"],
            "confirmed_via": names(item["confirmed_via"]),
            "marked_resolved_by": names(closure.get("marked_resolved_by", [])),
            "resolution_change": (closure.get("change") or {}).get("sha"),
        }


def _decision_rows(section: dict[str, Any], names: Names) -> Iterator[Row]:
    for item in section["decisions"]:
        counts = item["counts"]
        yield {
            **_pick(
                item,
                "id",
                "name",
                "title",
                "date",
                "status",
                "method",
                "review",
                "supersedes",
            ),
            **{k: counts.get(k) for k in ("for", "against", "abstain", "block")},
            "deciders": names(item["deciders"]),
            "dissents": _joined(item["dissents"]),
            "question": item["question"],
            "chair": names(item["chair"]),
            "question_changed_in": _joined(c["sha"] for c in item["question_changes"]),
        }


def _section_rows(section: dict[str, Any], names: Names) -> Iterator[Row]:
    yield {
        "contributions": len(section["contributions"]),
        "git_contributors": _joined(
            f"{names([g['person']])} ({round(g['share'] * 100)}%)"
            for g in section["git_contributors"]
        ),
        "unnamed_git_contributors": section["unnamed_git_contributors"]["count"],
        "dissents": len(section["dissents"]),
        "open_dissents": sum(d["status"] == "open" for d in section["dissents"]),
        "decisions": len(section["decisions"]),
        "summaries": len(section["summaries"]),
        "commits": len(section["commits"]),
        "last_change": (section["last_change"] or {}).get("date"),
        "outside_contribution": section["outside_contribution"],
        "outside_share": section["outside_share"],
        "lists_records": section["lists_records"],
    }


#: Which rows each CSV file has: one per item of a section, or per section.
_ROWS: dict[str, Callable[[dict[str, Any], Names], Iterator[Row]]] = {
    "contributions.csv": _contribution_rows,
    "dissents.csv": _dissent_rows,
    "decisions.csv": _decision_rows,
    "sections.csv": _section_rows,
}


def _rows(record: dict[str, Any], name: str) -> Iterator[Row]:
    shown = {person["id"]: person["shown_as"] for person in record["people"]}

    def names(refs: list[str]) -> str:
        return _joined([shown.get(ref, ref) for ref in refs])

    for document in record["documents"]:
        for section in document["sections"]:
            where = {
                "document": document["docname"],
                "section_id": section["id"],
                "section_title": section["title"],
            }
            for row in _ROWS[name](section, names):
                yield where | row


def record_csv(record: dict[str, Any], name: str) -> str:
    """One CSV file's text (UTF-8, with a header row, ``\\r\\n`` line ends as
    the csv module and spreadsheets expect)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS[name])
    writer.writeheader()
    for row in _rows(record, name):
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def write_record(record: dict[str, Any], outdir: Path) -> list[Path]:
    """Write the JSON and the CSVs into *outdir*; return their paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = [outdir / JSON_NAME]
    written[0].write_text(record_json(record), encoding="utf-8")
    for name in CSV_NAMES:
        path = outdir / name
        path.write_text(record_csv(record, name), encoding="utf-8", newline="")
        written.append(path)
    return written
