"""Translatable labels: the ``coprodoc`` message catalog for sphinx.locale."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.locale import get_translation

#: The gettext domain of every label coprodoc writes.
MESSAGE_CATALOG = "coprodoc"
LOCALE_DIR = Path(__file__).parent

_ = get_translation(MESSAGE_CATALOG)


def setup(app: Any) -> None:
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
