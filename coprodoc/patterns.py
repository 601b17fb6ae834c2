"""Regular expressions compiled when first used, not when coprodoc is loaded.

Sphinx loads coprodoc at the start of every build, and an incremental build
that reads one page uses few of coprodoc's eighty module-level patterns:
compiling them all as the modules load took about a sixth of the time
loading coprodoc takes (benchmarks/README.md, "twelfth round").

:func:`compile_later` gives an object that stands in for the compiled pattern
until one of its attributes is first asked for. It then takes the compiled
pattern's own bound methods as its attributes, so later calls cost what they
would cost on the pattern itself: no wrapper runs on the hot paths.
"""

from __future__ import annotations

import re
from typing import Any, cast

#: what a pattern is asked for; all are taken from the compiled pattern at once
_ATTRIBUTES = (
    "match",
    "fullmatch",
    "search",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "scanner",
    "flags",
    "groups",
    "groupindex",
)


class _Later:
    """A pattern's source until it is used; the pattern's methods after."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not set yet: the first use compiles.
        compiled = re.compile(self.pattern, self._flags)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return re.compile, (self.pattern, self._flags)

    def __repr__(self) -> str:
        return f"compile_later({self.pattern!r}, {self._flags})"


def compile_later(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done the first time the pattern is used.

    For module-level patterns only: a pattern made inside a function is used
    at once, so it should be compiled at once.
    """
    return cast("re.Pattern[str]", _Later(pattern, int(flags)))
