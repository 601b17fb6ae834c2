"""Text from contributors and from git, made safe to publish and to compare.

Two jobs, both about text coprodoc did not write:

- :func:`strip_invisible` removes characters that change how text *looks*
  without being seen: bidirectional overrides and isolates ("Trojan Source"
  tricks that reverse a name on screen) and zero-width spaces, joiners that
  split a word for a pattern but not for a reader.  Zero-width joiner and
  non-joiner (U+200C, U+200D) are kept: Persian and Indic names need them.
  Control characters (backspace, terminal escape sequences) go too.  The
  letters stay in the order they were typed; :func:`seen_order` gives the
  order a reader saw, where an override (U+202E, U+202D) drew some
  backwards ("\u202enyllewelL hteraG" shows as "Gareth Llewellyn"): text
  that may name someone is checked in both.
- :func:`folded` gives a form for *matching* names, whatever the spelling
  of the same letters: accents written as separate marks (NFD), no-break and
  other spaces, tabs, curly apostrophes, fullwidth forms, Cyrillic, Greek,
  Cherokee and Armenian letters that look Latin (a Cyrillic "ie" in
  "Zebedee"), letters with a stroke ("Łukasz" and "Lukasz") and invisible
  characters all compare equal to their plain forms.  It keeps, for every
  character, the position it came from, so a match can be removed from the
  original text.
"""

from __future__ import annotations

import unicodedata

from coprodoc.patterns import compile_later

#: Bidirectional controls and zero-width characters, removed from names and
#: from every text coprodoc publishes from contributors or git.
_INVISIBLE = compile_later(
    "[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c\u180e"
    # letters that show as nothing or a space: Hangul fillers, Braille blank
    "\u115f\u1160\u3164\uffa0\u2800]"
)
_CONTROLS = compile_later(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
#: Plain text as :func:`folded` makes it: a backtick is an apostrophe, and
#: a line break or tab a space.
_ASCII_FOLD = str.maketrans({"`": "'", "\n": " ", "\t": " "})
#: Cyrillic and Greek letters that look like Latin ones, for matching only.
_LOOKALIKES = str.maketrans(
    {
        **dict(
            zip(
                "аеорсухіјѕԁһӏԛԚАВЕКМНОРСТХІЈЅАΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοερτυνικı",
                "aeopcyxijsdhlqQABEKMHOPCTXIJSAABEZHIKMNOPTYXaoeptyviki",
                strict=True,
            )
        ),
        # Cherokee letters that look Latin (CHEROKEE LETTER NO for "Z")
        **dict(
            zip(
                "\u13a0\u13a1\u13a2\u13a5\u13a9\u13aa\u13ab\u13ac"
                "\u13b3\u13b7\u13bb\u13bd\u13c0\u13c2\u13c3\u13cf"
                "\u13d9\u13da\u13de\u13df\u13e2\u13e6\u13f4",
                "DRTiYAJEWMHYGhZbVSLCPKB",
                strict=True,
            )
        ),
        # Latin and Armenian letters that look like plain ones (alpha, script
        # g, Z with stroke, Armenian oh); and letters with a stroke, which
        # people without the key type plain ("Lukasz", "Soren")
        **dict(
            zip(
                "\u0251\u0261\u0269\u0237\u01b6\u01b5\u0585\u057d"
                "\u0581\u0570\u0578\u0566\u0142\u0141\u0111\u0110"
                "\u00f8\u00d8\u0127\u0167",
                "agijzZoughnqlLdDoOht",
                strict=True,
            )
        ),
        # Latin small capitals and Lisu letters that look Latin
        **dict(
            zip(
                "\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c"
                "\u026a\u1d0a\u1d0b\u029f\u1d0d\u0274\u1d0f\u1d18"
                "\u0280\ua731\u1d1b\u1d1c\u1d20\u1d21\u028f\u1d22"
                "\ua4d0\ua4d1\ua4d3\ua4d4\ua4d6\ua4d7\ua4d9\ua4da"
                "\ua4dc\ua4dd\ua4df\ua4e0\ua4e1\ua4e2\ua4e3\ua4e6"
                "\ua4e7\ua4ea\ua4eb\ua4ec\ua4ee\ua4f0\ua4f2\ua4f3"
                "\ua4f4",
                "abcdefghijklmnoprstuvwyzBPDTGKJCZFMNLSRVHWXYAEIOU",
                strict=True,
            )
        ),
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ẞ": "SS",
        # Arabic and Persian spellings of the same letters
        "\u064a": "\u06cc",
        "\u0649": "\u06cc",
        "\u0643": "\u06a9",
    }
)


# Cherokee small letters look like their capitals (a small "Z" in "Zofia")
_LOOKALIKES.update(
    {
        code - 0x13A0 + 0xAB70: value
        for code, value in _LOOKALIKES.items()
        if 0x13A0 <= code < 0x13F0
    }
)
_LOOKALIKES[0x13FC] = _LOOKALIKES[0x13F4]
# regional indicator symbols, which show as letters outside a flag pair
_LOOKALIKES.update({0x1F1E6 + n: chr(ord("A") + n) for n in range(26)})


#: Controls that start an embedding or override, or an isolate; the one
#: that ends an embedding or override, and the one that ends an isolate.
_OVERRIDES = {"\u202d": "L", "\u202e": "R"}
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"
_ISOLATES = "\u2066\u2067\u2068"
_POP, _POP_ISOLATE = "\u202c", "\u2069"
_LINE_ENDS = "\n\r\u2029"
_CHANGES_DIRECTION = frozenset(
    _EMBEDDINGS + _ISOLATES + _POP + _POP_ISOLATE + _LINE_ENDS
)


def has_override(text: str) -> bool:
    """Whether *text* holds a control that can draw letters backwards."""
    return "\u202d" in text or "\u202e" in text


def seen_order(text: str, instead: str | None = None) -> str:
    """*text* with each run drawn backwards by an override in the order a
    reader sees it (or, given *instead*, with each such run replaced by it).

    Under a right-to-left override, letters that are normally written left
    to right (and spaces and digits with them) are drawn in reverse; under a
    left-to-right override, right-to-left letters are.  Each such stretch is
    reversed in place, its accents kept on their letters; the rest, and the
    controls themselves, stay where they are (:func:`strip_invisible` then
    removes the controls).  An approximation of the Unicode bidirectional
    algorithm that is exact for the trick that matters: a name typed
    backwards inside an override.
    """
    if not has_override(text):
        return text
    pieces: list[str] = []
    stack: list[str] = []
    run: list[str] = []
    for char in text:
        if char in _CHANGES_DIRECTION:
            pass
        elif stack and stack[-1] in _OVERRIDES:
            run.append(char)
            continue
        else:
            pieces.append(char)
            continue
        # a control (or line end): the run so far ends, the state changes
        if run:
            pieces.append(_seen(run, _OVERRIDES[stack[-1]], instead))
            run = []
        if char in _EMBEDDINGS or char in _ISOLATES:
            stack.append(char)
        elif char == _POP and stack and stack[-1] not in _ISOLATES:
            stack.pop()
        elif char == _POP_ISOLATE:
            while stack and stack.pop() not in _ISOLATES:
                pass
        elif char in _LINE_ENDS:  # a paragraph ends every override
            stack.clear()
        pieces.append(char)
    if run:
        pieces.append(_seen(run, _OVERRIDES[stack[-1]], instead))
    return "".join(pieces)


def _seen(chars: list[str], direction: str, instead: str | None) -> str:
    if instead is not None:
        return instead
    # invisible marks (a right-to-left mark) are forced round with the rest
    shown = [char for char in chars if not _INVISIBLE.match(char)]
    return _drawn_backwards(shown, direction)


def _drawn_backwards(chars: list[str], direction: str) -> str:
    """*chars*, forced into *direction*, with the stretches that the force
    turns round put back the way round a reader reads them."""
    clusters: list[str] = []  # a letter with its accents
    for char in chars:
        if clusters and unicodedata.category(char) in ("Mn", "Me"):
            clusters[-1] += char
        else:
            clusters.append(char)
    out: list[str] = []
    turned: list[str] = []
    for cluster in clusters:
        natural = unicodedata.bidirectional(cluster[0])
        right_to_left = natural in ("R", "AL")
        if right_to_left == (direction == "R"):  # drawn as it would be
            out += reversed(turned)
            turned = []
            out.append(cluster)
        else:
            turned.append(cluster)
    out += reversed(turned)
    return "".join(out)


def strip_invisible(text: str) -> str:
    """*text* without bidirectional controls, zero-width characters, control
    characters and terminal escape sequences (tabs and new lines stay)."""
    return _CONTROLS.sub("", _INVISIBLE.sub("", text))


def folded(text: str) -> tuple[str, list[int]]:
    """*text* in a form for matching, and the original index of each character.

    Case is kept (a caller may care whether a word is capitalised); match
    with ``re.IGNORECASE`` to ignore it.
    """
    if text.isascii() and (text.isprintable() or not _CONTROLS.search(text)):
        # the usual case (lines of a page too), in one step
        return text.translate(_ASCII_FOLD), list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category in ("Cf", "Cc") and not char.isspace():  # not seen: not there
            continue
        if char.isspace() or category == "Zs":
            out.append(" ")
            origin.append(index)
            continue
        plain = char.translate(_APOSTROPHES).translate(_LOOKALIKES)
        for part in unicodedata.normalize("NFKD", plain).translate(_LOOKALIKES):
            # accents written apart, and marks drawn around a letter
            if unicodedata.category(part) not in ("Mn", "Me"):
                out.append(part)
                origin.append(index)
    return "".join(out), origin


#: Marks NFKD writes apart from their letters (accents), and what shows as
#: nothing inside a word (the soft hyphen, joiners).
_MARKS = compile_later(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u034f\u180b-\u180f\u200c\u200d\u2061-\u2064\ufe00-\ufe0f"
    "\U000e0000-\U000e007f]"
)


def lookup_forms(text: str) -> tuple[str, str]:
    """*text* without invisible characters and accents, with look-alike
    letters read as Latin ones, as written and in lower case (of one length,
    so a place in one is the same place in the other): in C-speed steps, to
    test a page's whole text for a name before the exact (and slower)
    matching of :func:`folded`.  Not for finding where a name is in *text*."""
    if not text.isascii():
        text = strip_invisible(text).translate(_LOOKALIKES)
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
        text = text.translate(_APOSTROPHES).translate(_LOOKALIKES).replace("ß", "ss")
    lower = text.lower()
    if len(lower) != len(text):  # a letter lower case writes longer: rare
        lower = "".join(char.lower()[:1] for char in text)
    return text, lower


def fold(text: str) -> str:
    """The matching form of *text*: folded, case-folded, spaces collapsed."""
    return " ".join(folded(text)[0].casefold().split())
