"""Strict ISO dates, as sources and the registry write them, and "today"."""

from __future__ import annotations

import calendar
import os
from datetime import UTC, date, datetime

from coprodoc.patterns import compile_later

_ISO_DATE = compile_later(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_iso_date(value: object) -> date:
    """Return *value* as a date; raise ``ValueError`` unless it is one.

    YAML already turns unquoted dates into ``date`` objects, so those pass
    through.  Python's own ``fromisoformat`` accepts forms such as ``20260301``
    that readers would not recognise, hence the stricter pattern.  The error
    says whether the form is wrong or the day does not exist (``2026-13-01``
    is in the right form, but is not a real date: there is no month 13).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _ISO_DATE.match(text):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date ({_why(text)})") from None


def _why(text: str) -> str:
    """What is wrong with a YYYY-MM-DD that names no day."""
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year < 1:
        return "there is no year 0"
    days = calendar.monthrange(year, month)[1]
    if day < 1:
        return "there is no day 0"
    return f"{calendar.month_name[month]} {year} has {days} days"


def today() -> date:
    """Today, or the day ``SOURCE_DATE_EPOCH`` names, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isascii() and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
