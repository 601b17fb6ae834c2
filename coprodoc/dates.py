"""Strict ISO dates, as sources and the registry write them."""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(value: object) -> date:
    """Return *value* as a date; raise ``ValueError`` unless it is YYYY-MM-DD.

    YAML already turns unquoted dates into ``date`` objects, so those pass
    through.  Python's own ``fromisoformat`` accepts forms such as ``20260301``
    that readers would not recognise, hence the stricter pattern.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        return date.fromisoformat(value.strip())
    raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
