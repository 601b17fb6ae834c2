"""Commit text is untrusted: redact names and emails before publishing it.

A commit subject is written by whoever made the commit, and often names
people: "Fix typo spotted by Zebedee", "Merge pull request #12 from
zebedee-quartermaine/fix".  Before any subject is shown or recorded, the
:class:`Redactor` replaces, for everyone who is not shown by name:

- the full name, however it is spaced, hyphenated, accented or cased
  ("Zebedee  Quartermaine", "zebedee-quartermaine", "ZEBEDEE QUARTERMAINE",
  NFD accents, zero-width characters, no-break spaces, look-alike letters);
- the surname, the initial with the surname ("Z. Quartermaine") and the
  first name with the surname's initial ("Zebedee Q.");
- the first name, and every other part of the name: always when it is
  capitalised, and also in lower case when it is not an ordinary English
  word (so "will" and "rose" stay, "zebedee" goes);
- a part that is not an ordinary word inside a longer run of letters and
  digits ("@zebedee92", "ZebedeeQ", "zebedeequartermaine"): the whole run;
  with digits written for letters ("Z3bedee"); with another ending, as
  Polish or Finnish names take ("Zofii", "Wiśniewskiej" for Zofia
  Wiśniewska);
- a name split into pieces that are each no name ("Zebe.dee",
  "Z_e_b_e_d_e_e", "Zeb edee"), and a name percent-encoded in a link;
- the names they use in git, and their names in ``.mailmap``;

and, for everyone: every email address or email-like string (``a@b``,
``name.l at host.net``,
fullwidth at signs included), the user part of addresses such as
``https://user:password@host``, and the branch name of a merge subject
(GitHub, GitLab and Bitbucket forms).  Matching works on a folded copy of
the text (see :func:`coprodoc.cleantext.folded`) whose characters point back
to the original, so only the matched words are replaced.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from hashlib import sha256
from urllib.parse import unquote

from coprodoc.cleantext import fold, folded, has_override, seen_order, strip_invisible
from coprodoc.patterns import compile_later
from coprodoc.words import is_common

#: Any email address, or anything shaped like one (``zebedee@laptop``,
#: ``"quoted"@host``, ``name%40host``, ``name [at] host``); tried only where
#: a run of such characters starts, so a long run costs its length, not its
#: square.
EMAIL = compile_later(
    r"""<?(?:"[^"]+"|(?<![\w.+%-])[\w.+%-]+)\s*(?:@|%40|[\[({<]\s*(?:@|at)\s*[\])}>])\s*"""
    r"""(?:[\w-]+(?:\.[\w-]+)*|\[[\w.:]+\])>?""",
    re.IGNORECASE,
)
#: An address spelt out with a plain "at" (``gareth.l at example.net``):
#: only when the user part has a dot, digit or sign and the host a dot, so
#: "look at example.com" is left alone; or with "dot" spelt out too
#: (``zeb at example dot org``), which only an address has.
SPELT_EMAIL = compile_later(
    # each alternative starts only where a run of such characters starts,
    # and takes the run whole (``++``): a 4,000-character run took minutes
    r"(?<![\w.%+-])(?=[\w.%+-]*?[.\d%+_-])[\w.%+-]++\s+at\s+[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w.%+-])[\w.%+-]++\s+[\[({]?at[\])}]?\s+[\w-]+"
    r"(?:\s+[\[({]?dot[\])}]?\s+[\w-]+)+",
    re.IGNORECASE,
)
#: The user part of an address: ``https://user:password@``.
USERINFO = compile_later(r"(?<=://)[^/\s@]+@")
#: A name part ranked below this is also an ordinary word ("Will", "Rose",
#: "Mark"), redacted only when capitalised; the general limit would keep
#: "chris" (rank 11,022 in subtitles-based frequencies) in lower case.
NAME_WORD_LIMIT = 5_000
#: Parts at least this long are also found inside longer words, and a word
#: of at least PREFIX_LENGTH letters that starts such a part is taken for a
#: short form of it ("Zeb" for Zebedee).
INSIDE_LENGTH = 4
PREFIX_LENGTH = 3
#: Pieces of an address's user part shorter than this are not looked for on
#: their own ("zq"): too many initials and ordinary words match them.
HANDLE_LENGTH = 4
#: User parts that are a service's or a role's, not a person's.
_SERVICE_USERS = frozenset(
    {"noreply", "no-reply", "admin", "webmaster", "postmaster", "enquiries"}
)
_WORD = compile_later(r"[^\W_]+")
#: Scripts written without spaces between words: kana, CJK, Hangul.
_UNSPACED_RANGES = (
    ("\u3040", "\u30ff"),
    ("\u3400", "\u9fff"),
    ("\uf900", "\ufaff"),
    ("\uac00", "\ud7af"),
)


#: Changes whenever what is redacted changes, so subjects cached by an
#: earlier version (made safe by its rules) are made safe again.
REDACTION_RULES = 7

#: What may stand between the letters of a name in those scripts ("李 伟",
#: "李·伟", "李-伟").
_NAME_SEPARATORS = frozenset(" \u3000\u00b7\u30fb\u2027\u3001-_.")


def _squeezed(text: str) -> tuple[str, list[int]]:
    """*text* case-folded, without separators between two letters of
    scripts written without spaces, and where each character came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _NAME_SEPARATORS and out and unspaced(out[-1]):
            after = text[index:].lstrip("".join(_NAME_SEPARATORS))
            if after and unspaced(after[0]):
                continue
        lowered = char.casefold()
        out.append(lowered if len(lowered) == 1 else char)
        origin.append(index)
    return "".join(out), origin


def unspaced(text: str) -> bool:
    """Whether *text* has a letter of a script written without spaces.  A
    loop over a name, not a regular expression: a character class of 30,000
    code points took 3 ms to compile, in every build, on import."""
    return not text.isascii() and any(
        low <= char <= high for char in text for low, high in _UNSPACED_RANGES
    )


#: Digits written for the letters they look like ("Z0fia", "W1sniewska"),
#: a one read as an i and as an l.
_DIGITS_AS_I = str.maketrans("01234578", "oizeastb")
_DIGITS_AS_L = str.maketrans("01234578", "olzeastb")
#: What may split a name into pieces that are each no name ("Zo.fia",
#: "Z_o_f_i_a", "Zo fia"): up to MAX_GAP of these between two runs of
#: letters.
_SPLITTERS = frozenset(
    " ._/\\:*'+~|,;=!?#&$>()\u00b7\u2027\u2219\u2022\u30fb\u2026"
    "-\u2010\u2011\u2012\u2013\u2014"
)
#: At most this many of them between two pieces ("Zo - fia", "Z. o. f").
MAX_GAP = 3
#: The most pieces a split name is looked for in (a long name letter by
#: letter).
MAX_PIECES = 20
#: An uncommon name part this long or longer that ends in one or two vowels
#: is also found with another ending ("Zofii", "Wiśniewskiej" for Zofia
#: Wiśniewska: Polish, Czech, Russian names change their endings).  Only
#: these endings count, so "clarified" is not a form of Clarke, nor
#: "quintile" of Quinn.
INFLECTED_LENGTH = 5
_ENDINGS = frozenset(
    [
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        "ie",
        "ii",
        "ia",
        "io",
        "iu",
        "ej",
        "iej",
        "em",
        "om",
        "ou",
        "ow",
        "ym",
        "ach",
        "ami",
        "emu",
        "ego",
        "owi",
        "owa",
        "owe",
        "ova",
        "ove",
        "ovi",
        "ych",
        "ich",
        "ymi",
        "iemu",
        "iego",
        "owej",
    ]
)
_VOWELS = frozenset("aeiouy")

#: Words joined by hyphens ("Quarter-maine"), checked as one word too.
_COMPOUND = compile_later(r"(?<![^\W_])[^\W_]++(?:-[^\W_]++)+")
_SPACED = compile_later(r"(?<![^\W_])(?:[^\W\d_][ .]){3,}[^\W\d_](?![^\W_])")
#: Merge subjects anywhere in a subject (a revert quotes them): what they
#: are kept as, without the branch, fork or address that may name someone.
_MERGES = (
    # GitHub, Gitea and Bitbucket Server: "Merge pull request #12 from
    # user/fix", "... 'Title' (#12) from user/fix into main", "... #12 in
    # PROJ/repo from user/fix to main"
    (
        compile_later(
            r"(Merge pull request (?:'[^']*' )?\(?[#!]\d+\)?)"
            r"(?: in [^\s\"']+)? from [^\s\"']+(?: (?:to|into) [^\s\"']+)?"
        ),
        r"\1",
    ),
    # Bitbucket Cloud: "Merged in user/fix (pull request #12)"
    (compile_later(r"Merged in [^\s\"']+ \((pull request #\d+)\)"), r"Merged \1"),
    # "Merge branch 'user/fix' of https://host/user/repo into main"
    (
        compile_later(
            r"Merge (?:remote-tracking |remote )?branch(?:es)? (?:'[^']*'|\"[^\"]*\")"
            r"(?:(?:,| and|, and) (?:'[^']*'|\"[^\"]*\"))*"
            r"(?: of [^\s\"']+)?(?: into '?[^\s\"']+)?"
        ),
        "\x00",
    ),
    # "Merge tag 'v1.0' of https://host/user/repo"
    (compile_later(r"(Merge tag '[^']*') of [^\s\"']+"), r"\1"),
)
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"
_SEPARATORS = r"[\s._-]*"


def _stems_of(part: str) -> list[str]:
    """*part* without its last one or two letters, where they are vowels
    and at least INSIDE_LENGTH letters are left ("zofia": "zofi")."""
    if len(part) < INFLECTED_LENGTH:
        return []
    found = []
    for cut in (1, 2):
        stem = part[:-cut]
        if set(part[-cut:]) <= _VOWELS and len(stem) >= INSIDE_LENGTH:
            found.append(stem)
    return found


def address_handles(address: str) -> list[str]:
    """The pieces of an address's user part that name its owner without the
    rest of the address, as a subject may ("zebq1987 commits: ..."):
    "zebq1987" of zebq1987@mailbox.example, "zebq" of
    4711+zebq@users.noreply.github.com.  Numbers, short pieces, ordinary
    words ("info", "office") and services' names ("noreply") are left out."""
    user, at, _domain = address.partition("@")
    return [
        piece
        for piece in (user.split("+") if at else [])
        if len(piece) >= HANDLE_LENGTH
        and not piece.isdigit()
        and piece.casefold() not in _SERVICE_USERS
        and not is_common(piece)
    ]


#: Markup someone typed into a name in the registry ("<b>Ottoline</b>").
_TAG = compile_later(r"<[^<>]*>")


def without_markup(name: str) -> str:
    """*name* without tags: no tag is part of a name, and "<b>Ottoline</b>"
    would otherwise make "b" the name's first word."""
    return _TAG.sub(" ", name)


def name_parts(name: str) -> list[str]:
    """The words of a name as matching sees them ("Zoë-Ann O'Neil" →
    Zoe, Ann, O, Neil; "ZebedeeQ" → Zebedee, Q)."""
    plain = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", folded(without_markup(name))[0])
    return _WORD.findall(plain)


class _Pattern:
    """One name's forms, compiled when a text first mentions one of them."""

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts

    @cached_property
    def regexes(self) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
        parts = [re.escape(p) for p in self.parts]
        anywhere: list[str] = []
        capitalised: list[str] = []
        if len(parts) >= 2:
            anywhere.append(_SEPARATORS.join(parts))  # full name, any spacing
            anywhere.append(f"{parts[-1]},?{_SEPARATORS}{parts[0]}")  # Surname, F
            anywhere.append(f"{parts[0][0]}\\.?{_SEPARATORS}{parts[-1]}")  # F. Surname
            # First S.: the surname's initial goes with the first name ("amira
            # k"), as the initial goes with the surname above
            first, initial = self.parts[0], re.escape(self.parts[-1][0])
            if len(first) >= 2 and is_common(first, NAME_WORD_LIMIT):
                forms = "|".join(
                    re.escape(f) for f in (first.capitalize(), first.upper())
                )
                capitalised.append(f"(?:{forms})[\\s._-]+{initial.upper()}\\.?")
            elif len(first) >= 2:
                anywhere.append(f"{parts[0]}{_SEPARATORS}{initial}\\.?")
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


class Redactor:
    """Replaces the names of people who are not shown, and every email.

    *branch_merge* is what a "Merge branch 'someone/fix' into main" subject
    becomes; *thorough* strips branch names and finds name parts inside
    longer words (False for ``coprodoc_commit_subjects = "as-written"``:
    only names and emails).
    """

    def __init__(
        self,
        placeholder: str,
        names: Iterable[str] = (),
        branch_merge: str = "Merge a branch",
        thorough: bool = True,
    ) -> None:
        self.placeholder = placeholder
        self.branch_merge = branch_merge
        self.thorough = thorough
        self._by_word: dict[str, list[_Pattern]] = {}
        #: uncommon name parts, found inside longer runs of letters and digits
        self._inside: set[str] = set()
        #: short forms: the first letters of uncommon parts ("zeb", "zebe")
        self._prefixes: set[str] = set()
        #: names in scripts written without spaces, found anywhere
        self._unspaced: set[str] = set()
        #: uncommon parts without their last vowels, for forms with another
        #: ending (see INFLECTED_LENGTH)
        self._stems: set[str] = set()
        #: what a name split into pieces is looked for as (uncommon parts,
        #: whole names written together), and every start of one
        self._pieces: set[str] = set()
        self._piece_starts: set[str] = set()
        self._done: dict[str, tuple[str, bool]] = {}
        unique = sorted({fold(name) for name in set(names) if name.strip()})
        self.names = unique
        for name in unique:
            self._learn(name)
        self._piece_starts = {
            piece[:end] for piece in self._pieces for end in range(1, len(piece))
        }

    def _learn(self, name: str) -> None:
        """Every form *name* (folded) is looked for in."""
        parts = name_parts(name)
        if not parts:
            return
        pattern = _Pattern(parts)
        words = [part.casefold() for part in parts if len(part) >= 2]
        if len(parts) >= 2:  # written together: "zebedeequartermaine"
            joined = "".join(parts).casefold()
            words += [joined, (parts[0][0] + parts[-1]).casefold()]
        for word in words:
            self._by_word.setdefault(word, []).append(pattern)
        uncommon = [
            part.casefold()
            for part in parts
            if len(part) >= INSIDE_LENGTH and not is_common(part, NAME_WORD_LIMIT)
        ]
        self._inside.update(uncommon)
        for part in uncommon:
            self._stems.update(_stems_of(part))
        self._pieces.update(uncommon)
        if len(parts) >= 2:
            self._pieces.add("".join(parts).casefold())
        self._prefixes.update(
            part[:end]
            for part in uncommon
            for end in range(PREFIX_LENGTH, len(part))
            if not is_common(part[:end])
        )
        if unspaced(name):
            self._unspaced.add("".join(parts).casefold())
            # a surname or given name alone ("田中さん"): found anywhere,
            # as words are not spaced; a one-letter part is too common
            self._unspaced.update(
                part.casefold() for part in parts if len(part) >= 2 and unspaced(part)
            )

    @property
    def digest(self) -> str:
        """A fingerprint of what this redactor hides (names are not kept)."""
        settings = (self.placeholder, self.branch_merge, self.thorough)
        key = repr((REDACTION_RULES, *settings, self.names))
        return sha256(key.encode()).hexdigest()

    def redact(self, text: str) -> tuple[str, bool]:
        """*text* made safe to publish, and whether a name or email was
        removed (worked out once per text: "Fix typo" comes back often)."""
        found = self._done.get(text)
        if found is None:
            found = self._done[text] = self._redact(text)
        return found

    def _redact(self, text: str) -> tuple[str, bool]:
        # entities decoded until none is left ("Z&amp;#101;bedee" is read as
        # a name), and spaces made single, as they are shown, before matching
        while "&" in text and (decoded := html.unescape(text)) != text:
            text = decoded  # each round shortens the text: it ends
        if "%" in text:
            text = self._unquoted(text)
        changed = False
        if has_override(text):
            text, changed = self._as_seen(text)
        text = " ".join(strip_invisible(text).split())
        if self.thorough:
            text, named = self._merge_branch(text)
            changed = changed or named
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

    def _as_seen(self, text: str) -> tuple[str, bool]:
        """*text* in the order a reader saw it, where an override drew some
        of it backwards ("\u202eaifoZ" shows as "Zofia"), and whether a name
        had to go: a name typed forwards inside an override, which shows
        reversed, takes the whole reversed run with it."""
        typed = " ".join(strip_invisible(text).split())
        if self._spans(typed):
            return seen_order(text, instead=self.placeholder), True
        return seen_order(text), False

    def _unquoted(self, text: str) -> str:
        """*text* with its %-escapes decoded when that shows a name or an
        address ("/people/Wi%C5%9Bniewska"), to be redacted; otherwise as
        written, so a link in it still works."""
        decoded = text
        for _round in range(5):  # encoded again and again: "%2566" is "%66"
            once = unquote(decoded, errors="replace")
            if once == decoded:
                break
            decoded = once
        if decoded == text:
            return text
        return decoded if self._spans(" ".join(decoded.split())) else text

    def _merge_branch(self, text: str) -> tuple[str, bool]:
        """Merge subjects without their branch names; whether those named
        anyone."""
        named = False
        for pattern, replacement in _MERGES:
            for match in pattern.finditer(text):
                named = named or bool(self._spans(match.group(0)))
            text = pattern.sub(replacement, text)
        return text.replace("\x00", self.branch_merge), named

    def _plainly_clean(self, text: str) -> bool:
        """Whether plain ASCII *text* can hold nothing to redact: no "@", no
        word that starts a name, no uncommon name part inside a word (the
        usual subject, checked without folding it)."""
        if (
            not text.isascii()
            or "://" in text
            or EMAIL.search(text)
            or SPELT_EMAIL.search(text)
        ):
            return False
        if self.thorough and _SPACED.search(text):  # "Z e b e d e e"
            return False
        if self.thorough and next(self._split_names(text), None) is not None:
            return False
        if self.thorough and any(
            self._contains_part(m.group().replace("-", "").casefold())
            for m in _COMPOUND.finditer(text)
        ):
            return False
        for word in _WORD.findall(text):
            token = word.casefold()
            if token in self._by_word:
                return False
            if self.thorough and self._hides(token):
                return False
        return True

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """Where names and emails are in *text*, as merged (start, end)."""
        if (
            not self._by_word
            and text.isascii()
            and not EMAIL.search(text)
            and not SPELT_EMAIL.search(text)
        ):
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
        for regex in (EMAIL, SPELT_EMAIL, USERINFO):
            for match in regex.finditer(plain):
                yield match.start(), match.end()
        candidates: dict[int, _Pattern] = {}
        for word in _WORD.finditer(plain):
            token = word.group().casefold()
            for pattern in self._by_word.get(token, ()):
                candidates[id(pattern)] = pattern
            if self.thorough and self._hides(token):
                yield word.start(), word.end()
        for pattern in candidates.values():
            for compiled in pattern.regexes:
                if compiled is not None:
                    for found in compiled.finditer(plain):
                        if found.end() > found.start():
                            yield found.start(), found.end()
        squeezed, origin = _squeezed(plain) if self._unspaced else ("", [])
        for name in self._unspaced:  # "采纳李伟的建议", "李·伟", "田中さん"
            start = squeezed.find(name)
            while start >= 0:
                yield origin[start], origin[start + len(name) - 1] + 1
                start = squeezed.find(name, start + 1)
        if self.thorough:
            for match in _COMPOUND.finditer(plain):  # "Quarter-maine"
                if self._contains_part(match.group().replace("-", "").casefold()):
                    yield match.start(), match.end()
            for match in _SPACED.finditer(plain):  # "Z e b e d e e"
                if self._contains_part(re.sub(r"[ .]", "", match.group()).casefold()):
                    yield match.start(), match.end()
            yield from self._split_names(plain)  # "Zo.fia", "Z_o_f_i_a"

    def _split_names(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each name split into pieces that are each no
        name ("Zo.fia", "Z_o_f_i_a", "Zo fia", "Wiś/niewska"): runs of
        letters with one of :data:`_SPLITTERS` between them that, put
        together, are an uncommon name part or a whole name.  Only exact
        wholes count, so "arrow.annotate" keeps "rowan" hidden inside."""
        if not self._pieces:
            return
        words = list(_WORD.finditer(text))
        for index, first in enumerate(words):
            joined = first.group().casefold()
            if not self._could_start(joined):
                continue
            end = first.end()
            for following in words[index + 1 : index + MAX_PIECES]:
                gap = text[end : following.start()]
                if len(gap) > MAX_GAP or not _SPLITTERS.issuperset(gap):
                    break
                joined += following.group().casefold()
                end = following.end()
                if self._is_piece(joined):
                    yield first.start(), end
                    break
                if not self._could_start(joined):
                    break

    def _could_start(self, joined: str) -> bool:
        """Whether pieces put together so far begin a name part or a whole
        name, as written or with digits read as letters (most words do not,
        and are not joined to the next)."""
        return joined in self._piece_starts or any(
            letters in self._piece_starts for letters in self._digits_read(joined)
        )

    def _is_piece(self, joined: str) -> bool:
        """Whether pieces put together make an uncommon name part or a whole
        name: as written, with another ending, or with digits for letters."""
        return (
            joined in self._pieces
            or self._inflected(joined)
            or any(letters in self._pieces for letters in self._digits_read(joined))
        )

    def _hides(self, token: str) -> bool:
        """Whether *token* (case-folded) holds an uncommon name part (see
        :meth:`_contains_part`) as written, or is or holds a name part with
        its digits read as letters ("z0fia", "b4ker"; not as a short form:
        "pr1" is not "Pri" for Priya)."""
        if self._contains_part(token):
            return True
        return any(
            letters in self._by_word or self._contains_part(letters, short_forms=False)
            for letters in self._digits_read(token)
        )

    @staticmethod
    def _digits_read(token: str) -> list[str]:
        """*token* with its digits read as the letters they look like, when
        it has some and no more digits than letters ("z0fia", "h4l3"; not
        "pr335", which would read "prees" with Rees inside)."""
        if token.isalpha():
            return []
        digits = sum(char.isdigit() for char in token)
        if not digits or digits > len(token) - digits:
            return []
        return [token.translate(table) for table in (_DIGITS_AS_I, _DIGITS_AS_L)]

    def _inflected(self, token: str) -> bool:
        """Whether *token* is an uncommon name part with one of
        :data:`_ENDINGS` in place of its last vowels ("zofii",
        "wisniewskiej")."""
        return any(
            token[-cut:] in _ENDINGS and token[:-cut] in self._stems
            for cut in range(1, min(5, len(token) - INSIDE_LENGTH + 1))
        )

    def _contains_part(self, token: str, short_forms: bool = True) -> bool:
        """Whether an uncommon name part is inside *token*, or *token* is the
        start of one (a short form) or another form of one (another ending),
        or *token* holds a name written in a script without spaces between
        words (Chinese, Japanese)."""
        if not self._inside or len(token) < PREFIX_LENGTH or is_common(token):
            return False
        if short_forms and token in self._prefixes:
            return True
        if len(token) >= INFLECTED_LENGTH and self._inflected(token):
            return True
        return len(token) >= INSIDE_LENGTH and any(
            token[i:j] in self._inside
            for i in range(len(token) - INSIDE_LENGTH + 1)
            for j in range(i + INSIDE_LENGTH, min(len(token), i + 40) + 1)
        )
