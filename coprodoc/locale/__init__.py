"""Translatable labels: the ``coprodoc`` message catalog for sphinx.locale."""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

#: The gettext domain of every label coprodoc writes.
MESSAGE_CATALOG = "coprodoc"
LOCALE_DIR = Path(__file__).parent

_ = get_translation(MESSAGE_CATALOG)
