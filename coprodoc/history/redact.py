"""Commit text is untrusted: redact names and emails before publishing it.

A commit subject is written by whoever made the commit, and often names
people: "Fix typo spotted by Zebedee", "Merge pull request #12 from
zebedee-quartermaine/fix".  Before any subject is shown or recorded, the
:class:`Redactor` replaces, for everyone who is not shown by name:

- the full name, however it is spaced, hyphenated, accented or cased
  ("Zebedee  Quartermaine", "zebedee-quartermaine", "ZEBEDEE QUARTERMAINE",
  NFD accents, zero-width characters, no-break spaces, look-alike letters);
- the surname, and the initial with the surname ("Z. Quartermaine");
- the first name, and every other part of the name: always when it is
  capitalised, and also in lower case when it is not an ordinary English
  word (so "will" and "rose" stay, "zebedee" goes);
- a part that is not an ordinary word inside a longer run of letters and
  digits ("@zebedee92", "ZebedeeQ", "zebedeequartermaine"): the whole run;
- the names they use in git, and their names in ``.mailmap``;

and, for everyone: every email address or email-like string (``a@b``,
fullwidth at signs included), the user part of addresses such as
``https://user:password@host``, and the branch name of a merge subject
(GitHub, GitLab and Bitbucket forms).  Matching works on a folded copy of
the text (see :func:`coprodoc.cleantext.folded`) whose characters point back
to the original, so only the matched words are replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from hashlib import sha256

from coprodoc.cleantext import fold, folded, strip_invisible
from coprodoc.words import is_common

#: Any email address, or anything shaped like one (``zebedee@laptop``).
EMAIL = re.compile(r"<?[\w.+%-]+@[\w-]+(?:\.[\w-]+)*>?")
#: The user part of an address: ``https://user:password@``.
USERINFO = re.compile(r"(?<=://)[^/\s@]+@")
#: A name part ranked below this is also an ordinary word ("Will", "Rose",
#: "Mark"), redacted only when capitalised; the general limit would keep
#: "chris" (rank 11,022 in subtitles-based frequencies) in lower case.
NAME_WORD_LIMIT = 5_000
#: Parts at least this long are also found inside longer words.
INSIDE_LENGTH = 4
_WORD = re.compile(r"[^\W_]+")
_SPACED = re.compile(r"(?<![^\W_])(?:[^\W\d_][ .]){3,}[^\W\d_](?![^\W_])")
_MERGES = (
    # GitHub, and Bitbucket Server ("... #12 in PROJ/repo from user/fix to main")
    (re.compile(r"^(Merge pull request #\d+)(?: in \S+)? from \S+(?: to \S+)?"), ""),
    # Bitbucket Cloud: "Merged in user/fix (pull request #12)"
    (re.compile(r"^Merged in \S+ \((pull request #\d+)\)"), "Merged "),
)
_BRANCH_MERGE = re.compile(r"^Merge (?:remote-tracking )?branch(?:es)? ")
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"
_SEPARATORS = r"[\s._-]*"


def name_parts(name: str) -> list[str]:
    """The words of a name as matching sees them ("Zoë-Ann O'Neil" →
    Zoe, Ann, O, Neil; "ZebedeeQ" → Zebedee, Q)."""
    plain = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", folded(name)[0])
    return _WORD.findall(plain)


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
    #: strip branch names and find name parts inside longer words; False for
    #: ``coprodoc_commit_subjects = "as-written"`` (only names and emails)
    thorough: bool = True
    _by_word: dict[str, list[_Pattern]] = field(init=False, default_factory=dict)
    #: uncommon name parts, found inside longer runs of letters and digits
    _inside: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        unique = sorted({fold(name) for name in self.names if name.strip()})
        self.names = unique
        for name in unique:
            parts = name_parts(name)
            if not parts:
                continue
            pattern = _Pattern(parts)
            words = [part.casefold() for part in parts if len(part) >= 2]
            if len(parts) >= 2:  # written together: "zebedeequartermaine"
                joined = "".join(parts).casefold()
                words += [joined, (parts[0][0] + parts[-1]).casefold()]
            for word in words:
                self._by_word.setdefault(word, []).append(pattern)
            self._inside.update(
                part.casefold()
                for part in parts
                if len(part) >= INSIDE_LENGTH and not is_common(part, NAME_WORD_LIMIT)
            )

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
        spans = self._spans(text)
        if spans:
            changed = True
            pieces, position = [], 0
            for start, end in spans:
                pieces += [text[position:start], self.placeholder]
                position = end
            pieces.append(text[position:])
            text = "".join(pieces)
        return " ".join(text.split()), changed

    def _merge_branch(self, text: str) -> tuple[str, bool]:
        """A merge subject without its branch name; whether that named anyone."""
        for pattern, prefix in _MERGES:
            match = pattern.match(text)
            if match:
                kept = prefix + match.group(1) + text[match.end() :]
                return kept, bool(self._spans(match.group(0)))
        if _BRANCH_MERGE.match(text):
            return self.branch_merge, bool(self._spans(text))
        return text, False

    def _plainly_clean(self, text: str) -> bool:
        """Whether plain ASCII *text* can hold nothing to redact: no "@", no
        word that starts a name, no uncommon name part inside a word (the
        usual subject, checked without folding it)."""
        if not text.isascii() or "@" in text or "://" in text:
            return False
        if self.thorough and _SPACED.search(text):  # "Z e b e d e e"
            return False
        for word in _WORD.findall(text):
            token = word.casefold()
            if token in self._by_word:
                return False
            if self.thorough and self._contains_part(token):
                return False
        return True

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """Where names and emails are in *text*, as merged (start, end)."""
        if not self._by_word and "@" not in text and text.isascii():
            return []
        if self._plainly_clean(text):
            return []
        plain, origin = folded(text)
        found = list(self._matches(plain))
        merged: list[tuple[int, int]] = []
        for start, end in sorted((origin[s], origin[e - 1] + 1) for s, e in found):
            # "Mary Smith", both parts found apart, is one name
            if merged and not text[merged[-1][1] : start].strip():
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def _matches(self, plain: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every match in the folded text."""
        for regex in (EMAIL, USERINFO):
            for match in regex.finditer(plain):
                yield match.start(), match.end()
        candidates: dict[int, _Pattern] = {}
        for word in _WORD.finditer(plain):
            token = word.group().casefold()
            for pattern in self._by_word.get(token, ()):
                candidates[id(pattern)] = pattern
            if self.thorough and self._contains_part(token):
                yield word.start(), word.end()
        for pattern in candidates.values():
            for compiled in pattern.regexes:
                if compiled is not None:
                    for found in compiled.finditer(plain):
                        if found.end() > found.start():
                            yield found.start(), found.end()
        if self.thorough:
            for match in _SPACED.finditer(plain):  # "Z e b e d e e"
                if self._contains_part(re.sub(r"[ .]", "", match.group()).casefold()):
                    yield match.start(), match.end()

    def _contains_part(self, token: str) -> bool:
        """Whether an uncommon name part is inside *token*."""
        if not self._inside or len(token) < INSIDE_LENGTH or is_common(token):
            return False
        return any(
            token[i:j] in self._inside
            for i in range(len(token) - INSIDE_LENGTH + 1)
            for j in range(i + INSIDE_LENGTH, min(len(token), i + 40) + 1)
        )
