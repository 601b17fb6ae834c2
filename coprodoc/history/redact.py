"""Commit text is untrusted: redact names and emails before publishing it.

A commit subject is written by whoever made the commit, and often names
people: "Fix typo spotted by Zebedee", "Merge pull request #12 from
zebedee-quartermaine/fix".  Before any subject is shown or recorded, the
:class:`Redactor` replaces, for everyone who is not shown by name:

- the full name, however it is spaced, hyphenated, accented or cased
  ("Zebedee  Quartermaine", "zebedee-quartermaine", "ZEBEDEE QUARTERMAINE",
  NFD accents, zero-width characters, no-break spaces);
- the surname, and the initial with the surname ("Z. Quartermaine");
- the first name, and every other part of the name: always when it is
  capitalised, and also in lower case when it is not an ordinary English
  word (so "will" and "rose" stay, "zebedee" goes);
- the names they use in git;

and, for everyone: every email address or email-like string (``a@b``), and
the branch name of a merge subject.  Matching works on a folded copy of the
text (see :func:`coprodoc.cleantext.folded`) whose characters point back to
the original, so only the matched words are replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from hashlib import sha256

from coprodoc.cleantext import fold, folded, strip_invisible
from coprodoc.words import is_common

#: Any email address, or anything shaped like one (``zebedee@laptop``).
EMAIL = re.compile(r"<?[\w.+-]+@[\w-]+(?:\.[\w-]+)*>?")
_WORD = re.compile(r"[^\W_]+")
_PULL_MERGE = re.compile(r"^(Merge pull request #\d+) from \S+")
_BRANCH_MERGE = re.compile(r"^Merge (?:remote-tracking )?branch(?:es)? ")
#: A name part ranked below this is also an ordinary word ("Will", "Rose",
#: "Mark"), redacted only when capitalised; the general limit would keep
#: "chris" (rank 11,022 in subtitles-based frequencies) in lower case.
NAME_WORD_LIMIT = 5_000
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"
_SEPARATORS = r"[\s._-]*"


def name_parts(name: str) -> list[str]:
    """The words of a name as matching sees them ("Zoë-Ann O'Neil" →
    Zoe, Ann, O, Neil)."""
    return _WORD.findall(folded(name)[0])


@dataclass
class _Pattern:
    """One name's forms, compiled when a text first mentions one of them."""

    parts: list[str]

    @cached_property
    def regexes(self) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
        parts = [re.escape(p) for p in self.parts]
        anywhere: list[str] = []
        capitalised: list[str] = []
        if len(parts) >= 2:
            anywhere.append(_SEPARATORS.join(parts))  # full name, any spacing
            anywhere.append(f"{parts[-1]},?{_SEPARATORS}{parts[0]}")  # Surname, F
            anywhere.append(f"{parts[0][0]}\\.?{_SEPARATORS}{parts[-1]}")  # F. Surname
        for part, raw in zip(parts, self.parts, strict=True):
            if len(raw) < 2:
                continue
            if is_common(raw, NAME_WORD_LIMIT):
                capitalised += [re.escape(raw.capitalize()), re.escape(raw.upper())]
            else:
                anywhere.append(part)
        loose = re.compile(f"{_BEFORE}(?:{'|'.join(anywhere)}){_AFTER}", re.I)
        strict = (
            re.compile(f"{_BEFORE}(?:{'|'.join(capitalised)}){_AFTER}")
            if capitalised
            else None
        )
        return loose, strict


@dataclass
class Redactor:
    """Replaces the names of people who are not shown, and every email."""

    placeholder: str
    names: Iterable[str] = ()
    #: what a "Merge branch 'someone/fix' into main" subject becomes
    branch_merge: str = "Merge a branch"
    #: strip branch names and redact names of people not shown; False for
    #: ``coprodoc_commit_subjects = "as-written"`` (only *names* and emails)
    thorough: bool = True
    _patterns: list[_Pattern] = field(init=False, default_factory=list)
    _by_word: dict[str, list[_Pattern]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        unique = sorted({fold(name) for name in self.names if name.strip()})
        self.names = unique
        for name in unique:
            parts = name_parts(name)
            if not parts:
                continue
            pattern = _Pattern(parts)
            self._patterns.append(pattern)
            words = [part.casefold() for part in parts if len(part) >= 2]
            if len(parts) >= 2:  # written together: "zebedeequartermaine"
                words += [
                    "".join(parts).casefold(),
                    (parts[0][0] + parts[-1]).casefold(),
                ]
            for word in words:
                self._by_word.setdefault(word, []).append(pattern)

    @property
    def digest(self) -> str:
        """A fingerprint of what this redactor hides (names are not kept)."""
        key = repr((self.placeholder, self.branch_merge, self.thorough, self.names))
        return sha256(key.encode()).hexdigest()

    def redact(self, text: str) -> tuple[str, bool]:
        """*text* made safe to publish, and whether a name or email was removed."""
        text = strip_invisible(text)
        changed = False
        if self.thorough:
            text, changed = self._merge_branch(text)
        if "@" in text:
            text, count = EMAIL.subn(self.placeholder, text)
            changed = changed or count > 0
        spans = self._name_spans(text)
        if spans:
            changed = True
            for start, end in reversed(spans):
                text = text[:start] + self.placeholder + text[end:]
        return " ".join(text.split()), changed

    def _merge_branch(self, text: str) -> tuple[str, bool]:
        """A merge subject without its branch name; whether that named anyone."""
        match = _PULL_MERGE.match(text)
        if match:
            kept = match.group(1) + text[match.end() :]
        elif _BRANCH_MERGE.match(text):
            kept = self.branch_merge
        else:
            return text, False
        removed = text[len(match.group(1)) : match.end()] if match else text
        return kept, "@" in removed or bool(self._name_spans(removed))

    def _name_spans(self, text: str) -> list[tuple[int, int]]:
        """Where names are in *text*, as merged (start, end) of the original."""
        plain, origin = folded(text)
        candidates = {
            id(pattern): pattern
            for word in _WORD.findall(plain)
            for pattern in self._by_word.get(word.casefold(), ())
        }
        found: list[tuple[int, int]] = []
        for pattern in candidates.values():
            for regex in pattern.regexes:
                if regex is None:
                    continue
                for match in regex.finditer(plain):
                    if match.end() > match.start():
                        found.append(
                            (origin[match.start()], origin[match.end() - 1] + 1)
                        )
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            # "Mary Smith", both parts found apart, is one name
            if merged and not text[merged[-1][1] : start].strip():
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged
