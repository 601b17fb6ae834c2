"""Charts drawn at build time as SVG: small, accessible, no JavaScript.

Two shapes cover what the contribution record shows at a glance:
:func:`bar_chart` (one labelled bar per item, e.g. the share of each
section written by people outside the organisation) and
:func:`small_multiples` (one row of columns per series, e.g.
contributions per month for each role: no colour legend to decode, every
row reads on its own).

Each chart is an ``<svg role="img">`` inside a ``<figure>``: its
``<title>`` and ``<desc>`` are its text alternative (``aria-labelledby``),
and the page puts a table with the same numbers beside it.  The SVG has no
size of its own across: positions are percentages of the width it is
given, heights are pixels, so text keeps its size on a phone and on a wide
screen.  Colours are the theme's: text is ``currentColor``, bars are
``--coprodoc-accent`` with a ``currentColor`` edge (see coprodoc.css), so
charts follow light and dark schemes and print in black and grey.

Every text is escaped here; labels longer than fit are cut (the table
beside them has them in full).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import NamedTuple

#: Heights in pixels, for text of about 14 px (the charts' font size is
#: 0.85em of the page's, see coprodoc.css).
LINE = 18
BAR = 14
GAP = 10
COLUMNS = 36
#: Labels longer than this are cut with an ellipsis: about what a 390 px
#: wide phone shows on one line.
LABEL_CHARACTERS = 44
#: At most this many period labels under a row of columns.
AXIS_LABELS = 6


class Bar(NamedTuple):
    """One bar: its label, its length as a share of the whole width (0 to
    1, or None for an item with no value), and the value in words."""

    label: str
    share: float | None
    value: str


class Series(NamedTuple):
    """One row of a small-multiples chart: its label and a count per period."""

    label: str
    counts: tuple[int, ...]


def _text(value: str) -> str:
    return escape(value, quote=True)


def cut(label: str, limit: int = LABEL_CHARACTERS) -> str:
    """*label* on one line, cut at a word with an ellipsis when too long."""
    label = " ".join(label.split())
    if len(label) <= limit:
        return label
    shorter = label[: limit - 1].rsplit(" ", 1)[0] or label[: limit - 1]
    return shorter.rstrip(" ,:;–-") + "…"


def _percent(value: float) -> str:
    return f"{max(0.0, min(value, 1.0)) * 100:.2f}%"


def _figure(ident: str, title: str, description: str, height: int, body: str) -> str:
    return (
        f'<figure class="coprodoc-chart" id="{_text(ident)}">'
        f'<figcaption class="coprodoc-chart-caption">{_text(title)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'height="{height}" aria-labelledby="{_text(ident)}-title '
        f'{_text(ident)}-desc">'
        f'<title id="{_text(ident)}-title">{_text(title)}</title>'
        f'<desc id="{_text(ident)}-desc">{_text(description)}</desc>'
        f"{body}</svg></figure>\n"
    )


def bar_chart(ident: str, title: str, description: str, bars: Sequence[Bar]) -> str:
    """Horizontal bars, each under its label, the value before the label."""
    parts: list[str] = []
    y = 0
    for bar in bars:
        parts.append(
            f'<text class="coprodoc-chart-label" x="0" y="{y + LINE - 4}">'
            f'<tspan class="coprodoc-chart-value">{_text(bar.value)}</tspan> '
            f"{_text(cut(bar.label))}</text>"
        )
        top = y + LINE
        parts.append(
            f'<rect class="coprodoc-chart-track" x="0" y="{top}" width="100%" '
            f'height="{BAR}"/>'
        )
        if bar.share:
            parts.append(
                f'<rect class="coprodoc-chart-bar" x="0" y="{top}" '
                f'width="{_percent(bar.share)}" height="{BAR}"/>'
            )
        y = top + BAR + GAP
    return _figure(ident, title, description, max(y - GAP, 1), "".join(parts))


def _axis_positions(count: int) -> list[int]:
    """Which periods get a label under the columns: the first, the last and
    evenly between, at most :data:`AXIS_LABELS`."""
    if count <= AXIS_LABELS:
        return list(range(count))
    step = -(-(count - 1) // (AXIS_LABELS - 1))
    found = list(range(0, count, step))
    if found[-1] != count - 1:
        found[-1] = count - 1
    return found


def small_multiples(
    ident: str,
    title: str,
    description: str,
    periods: Sequence[str],
    series: Sequence[Series],
) -> str:
    """A row of columns per series (same scale in every row), each row under
    its label; the periods are named under the last row."""
    highest = max((n for s in series for n in s.counts), default=0) or 1
    width = 100 / max(len(periods), 1)
    parts: list[str] = []
    y = 0
    for row in series:
        total = sum(row.counts)
        parts.append(
            f'<text class="coprodoc-chart-label" x="0" y="{y + LINE - 4}">'
            f"{_text(cut(row.label))} "
            f'<tspan class="coprodoc-chart-value">({total})</tspan></text>'
        )
        base = y + LINE + LINE + COLUMNS
        parts.append(
            f'<line class="coprodoc-chart-axis" x1="0" x2="100%" '
            f'y1="{base}" y2="{base}"/>'
        )
        for index, count in enumerate(row.counts):
            if not count:
                continue
            height = max(round(COLUMNS * count / highest), 2)
            left = index * width + width * 0.15
            middle = index * width + width / 2
            parts.append(
                f'<rect class="coprodoc-chart-bar" x="{left:.2f}%" '
                f'y="{base - height}" width="{width * 0.7:.2f}%" '
                f'height="{height}"/>'
            )
            parts.append(
                f'<text class="coprodoc-chart-count" x="{middle:.2f}%" '
                f'y="{base - height - 3}" text-anchor="middle">{count}</text>'
            )
        y = base + GAP
    for index in _axis_positions(len(periods)):
        middle = index * width + width / 2
        anchor = "middle"
        if len(periods) > 1 and index == 0:
            middle, anchor = 0.0, "start"
        elif len(periods) > 1 and index == len(periods) - 1:
            middle, anchor = 100.0, "end"
        parts.append(
            f'<text class="coprodoc-chart-period" x="{middle:.2f}%" '
            f'y="{y + LINE - 6}" text-anchor="{anchor}">'
            f"{_text(periods[index])}</text>"
        )
    return _figure(ident, title, description, y + LINE, "".join(parts))
