"""Every label coprodoc writes is translatable, and Welsh is complete.

The catalog template must match the labels in the code, the Welsh catalog
must translate every one of them, the compiled ``.mo`` shipped in the
package must match the ``.po``, and a Welsh build of the example must show
no coprodoc label in English.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from coprodoc.locale import LOCALE_DIR, MESSAGE_CATALOG
from tests.conftest import warnings_of

EXAMPLE = Path(__file__).parent.parent / "example_project"
PACKAGE = LOCALE_DIR.parent
POT = LOCALE_DIR / f"{MESSAGE_CATALOG}.pot"
WELSH = LOCALE_DIR / "cy" / "LC_MESSAGES" / f"{MESSAGE_CATALOG}.po"


def catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def code_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), keywords={"_": None, "__": None}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_the_template_matches_the_labels_in_the_code():
    template = {m.id for m in catalog(POT) if m.id}
    code = code_messages()
    assert code - template == set(), "run 'make messages': labels missing"
    assert template - code == set(), "run 'make messages': labels no longer used"


def test_welsh_translates_every_label():
    welsh = catalog(WELSH)
    template = {m.id for m in catalog(POT) if m.id}
    translated = {m.id: m.string for m in welsh if m.id}
    assert set(translated) == template
    assert [msgid for msgid, text in translated.items() if not text] == []
    assert [m.id for m in welsh if m.id and m.fuzzy] == []
    # placeholders survive translation
    for msgid, text in translated.items():
        assert sorted(re.findall(r"%\(\w+\)[sd]|%[sd]", msgid)) == sorted(
            re.findall(r"%\(\w+\)[sd]|%[sd]", text)
        ), msgid


def test_the_shipped_mo_matches_the_po():
    with (WELSH.with_suffix(".mo")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog(WELSH):
        if message.id:
            assert compiled.gettext(message.id) == message.string, message.id


@pytest.fixture
def welsh_site(example, make_app):
    """The example, with its history, built in Welsh."""
    app = make_app("html", srcdir=example, confoverrides={"language": "cy"})
    app.build()
    app.cleanup()
    return app


def label_texts(page: BeautifulSoup) -> list[str]:
    """Texts coprodoc wrote as labels: block labels and statuses, field
    names, table captions and column headings, and "In their own words"."""
    texts = []
    for element in page.select(
        ".coprodoc-label strong, .coprodoc-label .coprodoc-status, "
        "[class*=coprodoc] dt, [class*=coprodoc] caption .caption-text, "
        "table[class*=coprodoc] thead th, .coprodoc-position > p:first-child, "
        ".coprodoc-chart figcaption"
    ):
        text = element.get_text(" ", strip=True)
        if re.fullmatch(r"\d{4}(-\d\d)?", text):
            continue  # a month or year heading the record's time table
        texts.append(re.sub(r"\s*:$", "", text))
    return texts


def test_a_welsh_build_shows_no_coprodoc_label_in_english(welsh_site):
    app = welsh_site
    assert "Traceback" not in warnings_of(app)
    welsh = {m.id: m.string for m in catalog(WELSH) if m.id}
    sources = "\n".join(
        path.read_text("utf-8") for path in EXAMPLE.glob("*.*") if path.is_file()
    )
    english_only = [
        msgid
        for msgid, text in welsh.items()
        if msgid != text and " " in msgid and "%" not in msgid and msgid not in sources
    ]
    seen: list[str] = []
    pages = sorted(Path(app.outdir).glob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        components = " ".join(
            element.get_text(" ", strip=True)
            for element in page.select("[class*=coprodoc]")
        )
        assert [m for m in english_only if m in components] == [], path.name
        seen += label_texts(page)
    patterns = [
        re.compile("^" + re.sub(r"%\\\(\w+\\\)[sd]|%[sd]", ".+", re.escape(t)) + "$")
        for t in {t.rstrip(":") for t in welsh.values()}
    ]
    untranslated = sorted(
        {text for text in seen if not any(p.match(text) for p in patterns)}
    )
    # labels like "Penderfyniad: Offer cash on the day" carry a title after
    # the translated word; they must start with a translation
    untranslated = [
        text
        for text in untranslated
        if not any(text.startswith(t + ":") for t in welsh.values())
    ]
    assert untranslated == []
    assert "Lluniwyd gan" in seen and "Anghytundeb" in seen
    record = (Path(app.outdir) / "record.html").read_text("utf-8")
    assert "Cyfraniadau fesul person" in record
