"""Plain-language thresholds from ``coprodoc_plain_language``."""

from __future__ import annotations

from typing import Any, NamedTuple

from coprodoc.suggest import hint

#: Words that look like acronyms but need no explaining.
KNOWN_ACRONYMS = ("UK", "US", "OK", "TV", "ID", "AM", "PM")


class Settings(NamedTuple):
    """The thresholds.  Defaults follow GOV.UK guidance: a reading age of 9
    to 11, and short sentences (Easy Read shorter still)."""

    reading_age: int = 11
    summary_sentence_words: int = 20
    easy_read_sentence_words: int = 15
    body_checks: bool = False
    body_sentence_words: int = 25
    known_acronyms: tuple[str, ...] = KNOWN_ACRONYMS
    #: acronyms that are also ordinary words ("SEND"), added to coprodoc's own
    #: list (:data:`coprodoc.language.acronyms.ACRONYM_WORDS`)
    acronym_words: tuple[str, ...] = ()


#: How ``-D`` writes True and False (Sphinx itself takes 0 and 1).
BOOLEAN_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "0": False,
    "false": False,
    "no": False,
}


def _from_command_line(text: str, default: Any) -> Any:
    """*text* as the type of *default*, where it reads as one: ``sphinx-build
    -D coprodoc_plain_language.reading_age=9`` gives every value as text."""
    if isinstance(default, bool):
        return BOOLEAN_WORDS.get(text.strip().lower(), text)
    if isinstance(default, int):
        return int(text) if text.strip().isdecimal() else text
    if isinstance(default, tuple):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def settings_from(value: Any) -> tuple[Settings, list[str]]:
    """Merge a ``coprodoc_plain_language`` dict over the defaults.

    Unknown keys and values of the wrong type are reported and ignored.
    """
    defaults = Settings()
    if value is None:
        return defaults, []
    if not isinstance(value, dict):
        return defaults, ["coprodoc_plain_language must be a dict"]
    known = Settings._fields
    changes: dict[str, Any] = {}
    problems = []
    for key, item in value.items():
        name = str(key).replace("-", "_")
        if name not in known:
            problems.append(
                f"coprodoc_plain_language: unknown key {key!r}"
                f"{hint(str(key), known)} (known: {', '.join(known)})"
            )
            continue
        default = getattr(defaults, name)
        if isinstance(item, str):
            item = _from_command_line(item, default)
        if isinstance(default, tuple):
            if not isinstance(item, list | tuple) or not all(
                isinstance(v, str) for v in item
            ):
                problems.append(f"coprodoc_plain_language[{key!r}] must be a list")
                continue
            item = tuple(item)
        elif isinstance(default, bool):
            if not isinstance(item, bool):
                problems.append(f"coprodoc_plain_language[{key!r}] must be True/False")
                continue
        elif not isinstance(item, int) or isinstance(item, bool) or item < 1:
            problems.append(
                f"coprodoc_plain_language[{key!r}] must be a positive whole number"
            )
            continue
        changes[name] = item
    return defaults._replace(**changes), problems
