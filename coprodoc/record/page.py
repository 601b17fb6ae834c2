"""The contribution record, as its page shows it.

The ``contribution-record`` directive (:mod:`coprodoc.directives.record`)
leaves a placeholder; this renders it from the same data as
``coprodoc-record.json`` (made by :func:`coprodoc.record.model.build_record`),
so the page and the files can never disagree: totals per person and per
role, the sections with no recorded contribution from anyone outside the
organisation, and who shaped each section.  The tables are ordinary tables;
in HTML a small script adds sorting and a filter box, and without it they
read the same.  Loaded only for a page that shows the record: Sphinx loads
coprodoc at the start of every build.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri

from coprodoc.charts import Bar, Series, bar_chart, small_multiples
from coprodoc.config import settings
from coprodoc.directives.parts import place_link, table
from coprodoc.locale import _
from coprodoc.nodes import chart, record_page
from coprodoc.people import typography, unnamed_text
from coprodoc.record.builder import writes_beside_site
from coprodoc.record.files import CSV_NAMES, JSON_NAME
from coprodoc.record.model import build_record
from coprodoc.vocabulary import dissent_statuses

#: The classes of the table beside each chart.
CHART_TABLE = ("coprodoc-chart-table",)


def _text(value: str) -> list[nodes.Node]:
    return [nodes.Text(value)]


def _files_paragraph(app: Sphinx, docname: str) -> nodes.paragraph | None:
    builder = app.builder
    if not writes_beside_site(app):
        return None
    here = builder.get_target_uri(docname)
    para = nodes.paragraph(
        "", _("Download the record: "), classes=["coprodoc-record-files"]
    )
    for index, name in enumerate((JSON_NAME, *CSV_NAMES)):
        if index:
            para += nodes.Text(", ")
        para += nodes.reference("", name, refuri=relative_uri(here, name))
    para += nodes.Text(".")
    return para


def _summary(record: dict[str, Any]) -> nodes.paragraph:
    totals = record["totals"]
    pages = len(record["documents"])
    text = _("This record covers %(sections)d sections on %(pages)d pages.") % {
        "sections": totals["sections"],
        "pages": pages,
    }
    source = record["source"]
    if source["commit"]:
        commit = source["commit"][:12]
        text += " " + (
            _("It was made from commit %s, with changes not committed yet.") % commit
            if source["dirty"]
            else _("It was made from commit %s.") % commit
        )
    return nodes.paragraph("", text, classes=["coprodoc-record-summary"])


def _section_label(document: dict[str, Any], section: dict[str, Any]) -> str:
    if section["title"] == document["title"]:
        return str(document["title"])
    return f"{document['title']}: {section['title']}"


#: Contributions over time are counted per month up to this many months,
#: per year beyond.
MONTHS = 24


def _periods(dates: list[str]) -> tuple[list[str], bool]:
    """Every month (``YYYY-MM``) from the first date to the last, empty ones
    too, so time reads evenly; every year when that is more than
    :data:`MONTHS`.  The second value says whether they are years."""
    found = sorted(date[:7] for date in dates if len(date) >= 7)
    if not found:
        return [], False
    first_year, first_month = int(found[0][:4]), int(found[0][5:7])
    last_year, last_month = int(found[-1][:4]), int(found[-1][5:7])
    count = (last_year - first_year) * 12 + last_month - first_month + 1
    if count > MONTHS:
        return [str(year) for year in range(first_year, last_year + 1)], True
    months = []
    for step in range(count):
        year, month = divmod(first_month - 1 + step, 12)
        months.append(f"{first_year + year:04d}-{month + 1:02d}")
    return months, False


def _section_link(
    builder: Builder,
    fromdocname: str,
    document: dict[str, Any],
    section: dict[str, Any],
) -> nodes.Node:
    label = _section_label(document, section)
    return place_link(builder, fromdocname, document["docname"], section["id"], label)


def _flagged(builder: Builder, docname: str, record: dict[str, Any]) -> nodes.Element:
    """The sections no one outside the organisation contributed to, plainly."""
    region = nodes.container(classes=["coprodoc-record-flagged"])
    policy = [
        (document, section)
        for document in record["documents"]
        for section in document["sections"]
        if not section["lists_records"]
    ]
    flagged = [(d, s) for d, s in policy if not s["outside_contribution"]]
    label = nodes.paragraph(
        "",
        "",
        nodes.strong(
            "",
            _(
                "Sections with no recorded contribution from anyone outside the "
                "organisation"
            ),
        ),
    )
    region += label
    if not flagged:
        region += nodes.paragraph(
            "",
            _(
                "None: every section has a recorded contribution from someone "
                "outside the organisation."
            ),
        )
        return region
    region += nodes.paragraph(
        "",
        _("%(flagged)d of %(total)d sections:")
        % {"flagged": len(flagged), "total": len(policy)},
    )
    items = nodes.bullet_list()
    for document, section in flagged:
        items += nodes.list_item(
            "",
            nodes.paragraph("", "", _section_link(builder, docname, document, section)),
        )
    region += items
    return region


def _listed(
    builder: Builder,
    docname: str,
    css_class: str,
    label: str,
    none: str,
    found: list[tuple[dict[str, Any], str, str]],
) -> nodes.Element:
    """A plainly labelled list of records, linked, or a sentence saying
    there are none (as the flagged sections are shown)."""
    region = nodes.container(classes=[css_class])
    region += nodes.paragraph("", "", nodes.strong("", label))
    if not found:
        region += nodes.paragraph("", none)
        return region
    items = nodes.bullet_list()
    for document, target, text in found:
        items += nodes.list_item(
            "",
            nodes.paragraph(
                "",
                "",
                place_link(builder, docname, document["docname"], target, text),
            ),
        )
    region += items
    return region


def _unconfirmed(
    builder: Builder, docname: str, record: dict[str, Any]
) -> nodes.Element:
    """Dissents marked resolved that no one who raised them confirmed."""
    found = [
        (document, dissent["id"], _("Dissent in “%s”") % section["title"])
        for document in record["documents"]
        for section in document["sections"]
        for dissent in section["dissents"]
        if dissent["closure"] and not dissent["closure"]["confirmed"]
    ]
    return _listed(
        builder,
        docname,
        "coprodoc-record-unconfirmed",
        _(
            "Dissents marked resolved without the confirmation of anyone who "
            "raised them"
        ),
        _(
            "None: every dissent marked resolved was confirmed by someone who "
            "raised it."
        ),
        found,
    )


def _changed_questions(
    builder: Builder, docname: str, record: dict[str, Any]
) -> nodes.Element:
    """Decisions whose question was changed after they were made."""
    found = [
        (document, decision["id"], decision["title"] or decision["id"])
        for document in record["documents"]
        for section in document["sections"]
        for decision in section["decisions"]
        if decision["question_changes"]
    ]
    return _listed(
        builder,
        docname,
        "coprodoc-record-questions",
        _("Decisions whose question was changed after the decision"),
        _("None: every question is as it was put."),
        found,
    )


class RecordView:
    """The record, as its page shows it: names as the record gives them,
    roles and statuses in the build's language."""

    classes = ("coprodoc-record-table", "coprodoc-sortable")

    def __init__(self, app: Sphinx, docname: str, base: str) -> None:
        self.app = app
        self.builder = app.builder
        self.docname = docname
        self.base = base
        self.record = build_record(app)
        self.people = {p["id"]: p for p in self.record["people"]}
        self.vocabulary = settings(app.config).all_roles()
        self.statuses = dissent_statuses()
        self.typeset = typography(app.config, app.builder.name)

    def shown(self, ref: str) -> str:
        """How the record shows *ref*, typeset as the page's text is."""
        return self.typeset(str(self.people.get(ref, {}).get("shown_as", ref)))

    def role(self, role_id: str) -> str:
        found = self.vocabulary.get(role_id)
        return found.label if found else role_id

    def role_counts(self, counts: dict[str, int]) -> str:
        return ", ".join(f"{self.role(r)} ({n})" for r, n in counts.items())

    def table(
        self,
        part: str,
        caption: str,
        headers: tuple[tuple[str, int], ...],
        rows: list[list[list[nodes.Node]]],
        empty: str,
        classes: tuple[str, ...] | None = None,
    ) -> nodes.Element:
        return table(
            [f"{self.base}-{part}"],
            list(self.classes if classes is None else classes),
            caption,
            headers,
            rows,
            empty,
        )

    # -- charts, each with its table ----------------------------------------

    def charts(self) -> nodes.Element:
        """The record at a glance: who outside the organisation wrote each
        section, contributions over time by role, and dissents by status.
        HTML gets each as an SVG chart beside its table; other builders get
        the tables."""
        region = nodes.container(classes=["coprodoc-record-charts"])
        for part in (self.outside_chart, self.time_chart, self.status_chart):
            region += part()
        return region

    def pair(self, svg: str | None, data_table: nodes.Element) -> nodes.Element:
        pair = nodes.container(classes=["coprodoc-chart-pair"])
        if svg is not None and self.builder.format == "html":
            pair += chart(svg=svg)
        pair += data_table
        return pair

    def outside_chart(self) -> nodes.Element:
        title = _("Share of each section written by people outside the organisation")
        sections = [
            (document, section)
            for document in self.record["documents"]
            for section in document["sections"]
            if not section["lists_records"]
        ]
        bars: list[Bar] = []
        rows: list[list[list[nodes.Node]]] = []
        for document, section in sections:
            share = section["outside_share"]
            value = f"{round(share * 100)}%" if share is not None else _("no history")
            bars.append(Bar(_section_label(document, section), share, value))
            rows.append(
                [
                    [_section_link(self.builder, self.docname, document, section)],
                    _text(value),
                ]
            )
        known = [bar.share for bar in bars if bar.share is not None]
        counts = {
            "with": sum(1 for share in known if share),
            "total": len(bars),
            "none": sum(1 for share in known if not share),
            "unknown": len(bars) - len(known),
        }
        description = (
            _(
                "%(with)d of %(total)d sections have words written by people "
                "outside the organisation, %(none)d have none, and %(unknown)d "
                "have no history from git. The table gives each section's share."
            )
            % counts
        )
        data_table = self.table(
            "outside-chart",
            title,
            ((_("Section"), 60), (_("Words from outside the organisation"), 40)),
            rows,
            _("The site has no sections yet."),
            CHART_TABLE,
        )
        svg = bar_chart(f"{self.base}-outside", title, description, bars)
        return self.pair(svg if bars else None, data_table)

    def time_chart(self) -> nodes.Element:
        title = _("Contributions over time, by role")
        dated: list[tuple[str, str]] = []  # (date, role)
        for document in self.record["documents"]:
            for section in document["sections"]:
                for item in section["contributions"]:
                    if item["date"]:
                        dated += [(item["date"], role) for role in item["roles"]]
        for commit in self.record["commits"]:
            for credit in commit["credits"]:
                if credit["role"] and commit["date"]:
                    dated.append((commit["date"], credit["role"]))
        periods, by_year = _periods([date for date, _role in dated])
        width = 4 if by_year else 7  # "2026" or "2026-03"
        position = {period: index for index, period in enumerate(periods)}
        counts: dict[str, list[int]] = {}
        for date, role in dated:
            index = position.get(date[:width])
            if index is not None:
                counts.setdefault(role, [0] * len(periods))[index] += 1
        ordered = sorted(counts.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
        series = [Series(self.role(role), tuple(row)) for role, row in ordered]
        rows = [
            [
                _text(s.label),
                *(_text(str(n)) for n in s.counts),
                _text(str(sum(s.counts))),
            ]
            for s in series
        ]
        headers = ((_("Role"), 30), *((p, 8) for p in periods), (_("Total"), 10))
        empty = _("No dated contributions are recorded yet.")
        data_table = self.table("time-chart", title, headers, rows, empty, CHART_TABLE)
        if not periods:
            return self.pair(None, data_table)
        where = {"first": periods[0], "last": periods[-1]}
        description = (
            _(
                "Contributions per year for each role, from %(first)s to "
                "%(last)s: contribution blocks by their date, and people "
                "credited in commits by the commit's date."
            )
            if by_year
            else _(
                "Contributions per month for each role, from %(first)s to "
                "%(last)s: contribution blocks by their date, and people "
                "credited in commits by the commit's date."
            )
        ) % where
        svg = small_multiples(f"{self.base}-time", title, description, periods, series)
        return self.pair(svg, data_table)

    def status_labels(self, found: list[str]) -> list[str]:
        """Each status, in order; resolutions that no one who raised the
        dissent confirmed are counted apart, after "Resolved", as the tables
        name them, when there are any (*found*: each dissent's label)."""
        labels = [str(label) for label in self.statuses.values()]
        resolved = str(self.statuses["resolved"])
        unconfirmed = str(_("%s (not confirmed)") % resolved)
        if unconfirmed in found:
            labels.insert(labels.index(resolved) + 1, unconfirmed)
        return labels

    def status_chart(self) -> nodes.Element:
        title = _("Dissents by status")
        found = [
            self.dissent_status(dissent)
            for document in self.record["documents"]
            for section in document["sections"]
            for dissent in section["dissents"]
        ]
        counts = {label: found.count(label) for label in self.status_labels(found)}
        highest = max(counts.values(), default=0) or 1
        bars = [
            Bar(label, count / highest, str(count)) for label, count in counts.items()
        ]
        description = _("Dissents by status: %s.") % ", ".join(
            f"{label} {count}" for label, count in counts.items()
        )
        rows = [[_text(label), _text(str(count))] for label, count in counts.items()]
        data_table = self.table(
            "status-chart",
            title,
            ((_("Status"), 60), (_("Dissents"), 40)),
            rows if found else [],
            _("No dissent is recorded."),
            CHART_TABLE,
        )
        svg = bar_chart(f"{self.base}-status", title, description, bars)
        return self.pair(svg if found else None, data_table)

    def per_person(self) -> nodes.Element:
        entries = sorted(
            self.record["totals"]["people"],
            key=lambda e: self.shown(e["person"]).casefold(),
        )
        rows = [
            [
                _text(self.shown(entry["person"])),
                _text(
                    ", ".join(
                        f"{self.role(r)} ({n})" for r, n in entry["roles"].items()
                    )
                ),
                _text(str(entry["contributions"])),
                _text(str(entry["sections"])),
                _text(str(entry["dissents"])),
            ]
            for entry in entries
        ]
        headers = (
            (_("Person"), 25),
            (_("Roles"), 35),
            (_("Contributions"), 13),
            (_("Sections shaped"), 14),
            (_("Dissents"), 13),
        )
        return self.table(
            "people",
            _("Contributions per person"),
            headers,
            rows,
            _("No one is credited yet."),
        )

    def per_role(self) -> nodes.Element:
        counts = sorted(self.record["totals"]["roles"].items(), key=lambda kv: -kv[1])
        rows = [[_text(self.role(r)), _text(str(n))] for r, n in counts]
        return self.table(
            "roles",
            _("Contributions per role"),
            ((_("Role"), 60), (_("Contributions"), 40)),
            rows,
            _("No contributions are recorded yet."),
        )

    def shaped_by(self, section: dict[str, Any]) -> str:
        """Who shaped a section: git shares first, then contributions."""
        names = []
        seen: set[str] = set()
        for entry in section["git_contributors"]:
            if entry["share"] and entry["person"] not in seen:
                seen.add(entry["person"])
                percent = round(entry["share"] * 100)
                names.append(f"{self.shown(entry['person'])} ({percent}%)")
        for item in [*section["contributions"], *section["summaries"]]:
            for ref in item["by"]:
                if ref not in seen:
                    seen.add(ref)
                    names.append(self.shown(ref))
        unnamed = section["unnamed_git_contributors"]["count"]
        if unnamed:
            names.append(unnamed_text(unnamed))
        return ", ".join(names) or _("No one recorded")

    def dissent_status(self, dissent: dict[str, Any]) -> str:
        label = str(self.statuses.get(dissent["status"], dissent["status"]))
        closure = dissent["closure"]
        if closure and not closure["confirmed"]:
            return str(_("%s (not confirmed)") % label)
        return label

    def section_row(
        self, document: dict[str, Any], section: dict[str, Any]
    ) -> list[list[nodes.Node]]:
        dissents = ", ".join(self.dissent_status(d) for d in section["dissents"])
        decisions = ", ".join(d["title"] for d in section["decisions"])
        last = section["last_change"]
        return [
            [_section_link(self.builder, self.docname, document, section)],
            _text(_("yes") if section["outside_contribution"] else _("no")),
            _text(self.shaped_by(section)),
            _text(str(len(section["contributions"]))),
            _text(dissents or "–"),
            _text(decisions or "–"),
            _text(last["date"] if last else "–"),
        ]

    def per_section(self) -> nodes.Element:
        rows = [
            self.section_row(document, section)
            for document in self.record["documents"]
            for section in document["sections"]
        ]
        # the column auditors look for comes right after the section, so it
        # is in view wherever the table has to scroll
        headers = (
            (_("Section"), 22),
            (_("Outside the organisation"), 10),
            (_("Shaped by"), 28),
            (_("Contributions"), 10),
            (_("Dissents"), 11),
            (_("Decisions"), 11),
            (_("Last change"), 8),
        )
        return self.table(
            "sections",
            _("Who shaped each section"),
            headers,
            rows,
            _("The site has no sections yet."),
        )


def render_record(
    app: Sphinx, docname: str, placeholder: record_page
) -> list[nodes.Node]:
    view = RecordView(app, docname, placeholder["ids"][0])
    result: list[nodes.Node] = [_summary(view.record)]
    files = _files_paragraph(app, docname)
    if files is not None:
        result.append(files)
    result.append(_flagged(app.builder, docname, view.record))
    result.append(_unconfirmed(app.builder, docname, view.record))
    result.append(_changed_questions(app.builder, docname, view.record))
    result.append(view.charts())
    # in HTML, wide tables scroll inside their own box (see coprodoc.layout)
    result += [view.per_person(), view.per_role(), view.per_section()]
    if app.builder.format == "html":
        # the sorting script's filter label, translated like every other label
        result.append(
            nodes.paragraph("", _("Filter rows"), classes=["coprodoc-filter-label"])
        )
    container = nodes.container(
        "", *result, ids=placeholder["ids"], classes=placeholder["classes"]
    )
    return [container]
