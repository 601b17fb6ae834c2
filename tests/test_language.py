"""Plain-language checks and summaries in real builds, rST and MyST alike."""

from __future__ import annotations

import pytest
import yaml

from coprodoc.language.check import all_findings
from tests.conftest import ALL_BUILDERS, warnings_of
from tests.test_contribution import soup
from tests.test_language_corpus import CORPUS

#: rule id -> (a sentence it must flag, the words it flags)
POSITIVE = {
    "coprodoc.ServiceUser": ("We asked service users.", "service users"),
    "coprodoc.HardToReach": ("We met hard to reach groups.", "hard to reach"),
    "coprodoc.Vulnerable": ("We protect the vulnerable.", "the vulnerable"),
    "coprodoc.Empower": ("This will empower everyone.", "empower"),
    "coprodoc.GivingAVoice": ("We are giving a voice to carers.", "giving a voice to"),
    "coprodoc.Engagement": ("Non-engagers get a letter.", "Non-engagers"),
    "coprodoc.FrequentFlyer": ("Some frequent flyers call daily.", "frequent flyers"),
}
#: The same words where they must not be flagged.
NEGATIVE_RST = [
    "Code: ``service users`` and ``the vulnerable``.",
    'A report called them "hard to reach" and we disagree.',
    "Our services, users' views and the vulnerability assessment.",
    "We empowered-ish nobody.",
]


def language_project(
    copy_root, text: str, fmt: str = "rst", conf: str = "", dest: str = "basic"
):
    src = copy_root("basic", dest)
    if fmt == "rst":
        page = "Check\n=====\n\n" + text + "\n"
    else:
        page = "# Check\n\n" + text + "\n"
    (src / f"check.{fmt}").write_text(page)
    index = src / "index.rst"
    index.write_text(index.read_text().replace("   myst\n", "   myst\n   check\n"))
    if conf:
        (src / "conf.py").write_text((src / "conf.py").read_text() + conf)
    return src


def language_warnings(app) -> list[str]:
    return [line for line in warnings_of(app).splitlines() if "coprodoc." in line]


@pytest.mark.parametrize("rule", sorted(POSITIVE))
@pytest.mark.parametrize("fmt", ["rst", "md"])
def test_each_rule_fires_on_a_positive_example(rule, fmt, copy_root, build):
    sentence, words = POSITIVE[rule]
    src = language_project(copy_root, "Some text.\n\n" + sentence, fmt)
    app = build(src)
    lines = language_warnings(app)
    assert len(lines) == 1, lines
    line = 6 if fmt == "rst" else 5
    assert lines[0].startswith(f"{src / f'check.{fmt}'}:{line}: WARNING: Say '")
    assert f"instead of '{words}'" in lines[0]
    assert f"(rule {rule})" in lines[0] and lines[0].endswith("[coprodoc.language]")


@pytest.mark.parametrize("text", NEGATIVE_RST)
def test_rules_stay_silent_on_negative_examples(text, copy_root, build):
    app = build(language_project(copy_root, text))
    assert language_warnings(app) == []


def test_block_quotes_and_code_blocks_are_not_checked(copy_root, build):
    text = (
        "   The vulnerable, in a quotation.\n\n"
        ".. code-block:: text\n\n   service users in code\n"
    )
    app = build(language_project(copy_root, text))
    assert language_warnings(app) == []


def test_exact_line_inside_a_long_paragraph(copy_root, build):
    text = "One line.\nAnother line.\nA third, with service\nusers split over lines."
    src = language_project(copy_root, text)
    app = build(src)
    assert language_warnings(app)[0].startswith(f"{src / 'check.rst'}:6:")


def test_rules_can_be_disabled_added_and_loaded_from_vale_folders(
    copy_root, build, tmp_path
):
    styles = tmp_path / "styles" / "House"
    styles.mkdir(parents=True)
    (styles / "Utilise.yml").write_text(
        "extends: existence\nmessage: \"Avoid '%s'.\"\nignorecase: true\n"
        "tokens:\n  - utilise\n"
    )
    conf = (
        'coprodoc_language_disabled = ["coprodoc.Empower"]\n'
        "coprodoc_language_rules = {'Local.Stakeholder': {'extends': 'substitution',"
        " 'ignorecase': True, 'swap': {'stakeholders?': 'people involved'}}}\n"
        f"coprodoc_vale_styles = [{str(tmp_path / 'styles')!r}]\n"
    )
    text = "We empower stakeholders. We utilise money."
    app = build(language_project(copy_root, text, conf=conf))
    lines = language_warnings(app)
    assert len(lines) == 2, lines
    joined = "\n".join(lines)
    assert "Use 'people involved' instead of 'stakeholders'" in joined
    assert "(rule Local.Stakeholder)" in joined
    assert "Avoid 'utilise'. (rule House.Utilise)" in joined


def test_a_term_with_anchors_or_lookarounds_is_found_in_every_block(copy_root, build):
    # a page is first searched as a whole, blocks joined: these terms match
    # at the start of a block on its own, but not after the previous block
    conf = (
        "coprodoc_language_rules = {"
        "'Local.NotThe': {'extends': 'existence', 'nonword': True,"
        " 'tokens': [r'(?<!the )clients']},"
        "'Local.Opening': {'extends': 'existence', 'nonword': True,"
        " 'tokens': [r'^Service users']}}\n"
    )
    text = "We met the\n\nclients in May.\n\nService users came too."
    app = build(language_project(copy_root, text, conf=conf))
    joined = "\n".join(language_warnings(app))
    assert "Avoid 'clients'. (rule Local.NotThe)" in joined
    assert "Avoid 'Service users'. (rule Local.Opening)" in joined


def test_editing_a_rule_file_checks_every_page_again(copy_root, build, tmp_path):
    """Rules are cached between builds, keyed by the files' bytes: an edited
    rule applies at once, to pages that did not change, and a damaged cache
    is rebuilt rather than trusted."""
    styles = tmp_path / "styles" / "House"
    styles.mkdir(parents=True)
    rule = styles / "Words.yml"
    rule.write_text(
        "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens:\n  - utilise\n"
    )
    conf = f"coprodoc_vale_styles = [{str(tmp_path / 'styles')!r}]\n"
    src = language_project(copy_root, "We utilise money and leverage time.", conf=conf)
    first = build(src)
    assert ["Avoid 'utilise'" in line for line in language_warnings(first)] == [True]
    cache = src / "_build" / "doctrees" / "coprodoc-rules.pickle"
    assert cache.is_file()

    rule.write_text(rule.read_text() + "  - leverage\n")
    second = build(src)
    joined = "\n".join(language_warnings(second))
    assert "Avoid 'utilise'" in joined
    assert "Avoid 'leverage'" in joined

    cache.write_bytes(b"not a pickle")
    rule.write_text(rule.read_text().replace("  - utilise\n", ""))
    third = build(src)
    lines = language_warnings(third)
    assert len(lines) == 1 and "Avoid 'leverage'" in lines[0], lines


def test_language_root_findings(copy_root, build):
    src = copy_root("language")
    app = build(src)
    found = [
        (f.docname, f.line, f.subtype, f.rule, f.match) for f in all_findings(app.env)
    ]
    assert found == [
        ("index", 13, "language", "coprodoc.ServiceUser", "service users"),
        ("index", 15, "jargon", "acronym", "DWP"),
        ("index", 32, "language", "coprodoc.Empower", "empower"),
        ("index", 33, "language", "coprodoc.GivingAVoice", "giving a voice to"),
        ("index", 47, "jargon", "easy-read-acronym", "NHS"),
        ("page", 5, "language", "coprodoc.ServiceUser", "service users"),
        ("page", 7, "jargon", "acronym", "DWP"),
        ("page", 24, "language", "coprodoc.Empower", "empower"),
        ("page", 25, "language", "coprodoc.GivingAVoice", "giving a voice to"),
        ("page", 39, "jargon", "easy-read-acronym", "NHS"),
    ]
    # Every finding is also a located, typed warning.
    lines = language_warnings(app)
    assert len(lines) == len(found)
    assert f"{src / 'index.rst'}:15: WARNING: acronym 'DWP' is not explained" in (
        "\n".join(lines)
    )


def test_rst_and_myst_give_the_same_findings(copy_root, build):
    app = build(copy_root("language"))
    by_page: dict[str, list[tuple[str, str, str]]] = {"index": [], "page": []}
    for f in all_findings(app.env):
        by_page[f.docname].append((f.subtype, f.rule, f.match))
    assert by_page["index"] == by_page["page"] != []


def test_summary_shows_its_reading_level_first_in_its_section(copy_root, build):
    app = build(copy_root("language"))
    section = soup(app, "index.html").select_one("section#why-we-pay")
    first = section.find("h2").find_next_sibling()
    assert "coprodoc-summary" in first["class"]
    assert first.find(id=first["aria-labelledby"]).get_text() == "In plain words"
    details = {
        dt.get_text().rstrip(":"): dt.find_next_sibling("dd").get_text().strip()
        for dt in first.select("dl.coprodoc-details > dt")
    }
    assert details == {
        "For": "people who take part",
        "Written by": "Amira Khan",
        "Reading level": "Reading age about 5",
    }
    easy = soup(app, "index.html").select_one("section#who-is-paid .coprodoc-summary")
    assert easy.select_one(".coprodoc-label").get_text() == "Easy Read summary"


LONG = (
    "Everyone who gives us their time and their ideas will be paid fairly for "
    "the whole of the time that they spend with us in meetings and workshops."
)
HARD = (
    "Remuneration arrangements necessitate comprehensive documentation "
    "identifying eligible participatory activities."
)


@pytest.mark.parametrize("fmt", ["rst", "md"])
def test_summary_thresholds(fmt, copy_root, build):
    if fmt == "rst":
        text = (
            f".. plain-language::\n\n   {LONG}\n\n"
            f".. plain-language::\n   :reading-age: 9\n\n   {HARD}\n\n"
            ".. plain-language::\n   :format: easy-read\n\n"
            "   We pay you for every hour you spend with us at all our meetings or "
            "workshops.\n"
        )
    else:
        text = (
            f"```{{plain-language}}\n{LONG}\n```\n\n"
            f"```{{plain-language}}\n:reading-age: 9\n\n{HARD}\n```\n\n"
            "```{plain-language}\n:format: easy-read\n\n"
            "We pay you for every hour you spend with us at all our meetings or "
            "workshops.\n```\n"
        )
    app = build(language_project(copy_root, text, fmt))
    lines = [
        line for line in language_warnings(app) if "[coprodoc.readability]" in line
    ]
    messages = "\n".join(lines)
    assert "summary sentence has 28 words (at most 20)" in messages
    assert "reading age of about" in messages and "above the target of 9" in messages
    assert "Easy Read sentence has 16 words (at most 15)" in messages
    assert "reading age of about 15, above the target of 11" in messages
    assert len(lines) == 4, messages


def test_body_checks_only_when_switched_on(copy_root, build):
    off = build(language_project(copy_root, LONG))
    assert language_warnings(off) == []
    on = build(
        language_project(
            copy_root,
            LONG,
            conf='coprodoc_plain_language = {"body_checks": True}\n',
            dest="on",
        )
    )
    (line,) = language_warnings(on)
    assert "sentence has 28 words (at most 25 in body text)" in line
    assert line.endswith("[coprodoc.readability]")


def test_coverage_report(copy_root, build):
    app = build(copy_root("language"))
    table = soup(app, "coverage.html").select_one("table.coprodoc-coverage")
    caption = table.select_one(".caption-text").get_text()
    # the coverage page lists the site's sections; it is not one of them
    assert caption == "Plain-language summaries: 4 of 7 sections"
    rows = [
        [td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")
    ]
    assert rows[1] == [
        "Paying people: Why we pay",
        "Plain words",
        "Reading age about 5 (target 11)",
    ]
    assert ["Glossary", "No summary", ""] in rows


def test_coverage_updates_when_a_summary_is_added(copy_root, build):
    src = copy_root("language")
    build(src)
    glossary = src / "glossary.rst"
    glossary.write_text(
        glossary.read_text().replace(
            "Glossary\n========\n",
            "Glossary\n========\n\n.. plain-language::\n\n   Words we use.\n",
        )
    )
    app = build(src)
    caption = soup(app, "coverage.html").select_one(".caption-text").get_text()
    assert caption == "Plain-language summaries: 5 of 7 sections"


@pytest.mark.parametrize("buildername", ALL_BUILDERS)
def test_every_builder_completes(buildername, copy_root, build):
    app = build(
        copy_root("language"),
        buildername,
        confoverrides={
            "version": "1",
            "copyright": "2026, test",
            "suppress_warnings": ["coprodoc.language", "coprodoc.jargon"],
        },
    )
    assert warnings_of(app) == ""
    produced = b"".join(p.read_bytes() for p in app.outdir.rglob("*") if p.is_file())
    assert b"We pay you for your time." in produced
    if buildername != "gettext":
        assert b"Reading age about 5" in produced


def test_parallel_and_incremental_builds_give_the_same_findings(copy_root, build):
    serial = build(copy_root("language", "serial"))
    expected = all_findings(serial.env)
    parallel = build(copy_root("language", "parallel"), parallel=4)
    assert all_findings(parallel.env) == [type(f)(**f._asdict()) for f in expected]
    src = copy_root("language", "edited")
    build(src)
    page = src / "page.md"
    page.write_text(page.read_text().replace("service users", "people who use them"))
    again = build(src)
    assert [f for f in all_findings(again.env) if f.rule == "coprodoc.ServiceUser"] == [
        f for f in expected if f.rule == "coprodoc.ServiceUser" and f.docname == "index"
    ]
    assert len(all_findings(again.env)) == len(expected) - 1


@pytest.mark.parametrize("fmt", ["rst", "md"])
def test_a_summary_in_another_language_carries_lang(fmt, copy_root, build):
    """Screen readers switch voice on ``lang``; the English reading-age
    formula is not applied to Welsh, and a bad tag is a located warning."""
    welsh = "Rydyn ni'n talu pobl am eu hamser a'u harbenigedd bob tro."
    if fmt == "rst":
        text = (
            f".. plain-language::\n   :lang: cy\n\n   {welsh}\n\n"
            ".. plain-language::\n   :lang: not a tag!\n\n   We pay people.\n"
        )
    else:
        text = (
            f"```{{plain-language}}\n:lang: cy\n\n{welsh}\n```\n\n"
            "```{plain-language}\n:lang: not a tag!\n\nWe pay people.\n```\n"
        )
    src = language_project(copy_root, text, fmt=fmt)
    (src / "coverage.rst").write_text(
        "Coverage\n========\n\n.. plain-language-coverage::\n"
    )
    index = src / "index.rst"
    index.write_text(index.read_text().replace("   check\n", "   check\n   coverage\n"))
    app = build(src)
    page = soup(app, "check.html")
    summaries = page.select("div.coprodoc-summary")
    assert summaries[0]["lang"] == "cy"
    assert "Reading level" not in summaries[0].get_text()
    assert not summaries[1].has_attr("lang")
    assert "Reading level" in summaries[1].get_text()
    warnings = language_warnings(app)
    assert any(
        f"check.{fmt}:" in line
        and ":lang: 'not a tag!' is not a language tag" in line
        and line.endswith("[coprodoc.option]")
        for line in warnings
    ), warnings
    rows = soup(app, "coverage.html").select("table.coprodoc-coverage tbody tr")
    check = next(r for r in rows if r.select_one("td").get_text() == "Check")
    assert "Not measured (not in English)" in check.get_text()


def test_an_acronym_explained_with_abbr_is_an_abbr_element(copy_root, build):
    """Readers (and screen readers) get the words in full on the element
    itself, and the acronym check counts it as explained, in rST and MyST."""
    app = build(copy_root("language"))
    for page in ("index.html", "page.html"):
        abbr = soup(app, page).find("abbr", string="PALS")
        assert (
            abbr is not None and abbr["title"] == "Patient Advice and Liaison Service"
        )
    assert not [f for f in all_findings(app.env) if f.match == "PALS"]


def test_the_page_level_search_never_misses_what_a_block_search_finds():
    # Every rule is first looked for on a page's whole prose, loosened
    # (lower-cased, without lookarounds and anchors); the corpus's sentences,
    # in capitals, with line breaks, accents and curly quotes, and as pages
    # of several blocks, must never be skipped when a block has a finding.
    from coprodoc.language.rules import (
        BUILTIN_DIR,
        PageProse,
        read_rule_file,
        rule_from_mapping,
    )

    rules = [
        rule_from_mapping(f"coprodoc.{path.stem}", read_rule_file(path.read_text()))
        for path in sorted(BUILTIN_DIR.glob("*.yml"))
    ]
    rules.append(
        rule_from_mapping(
            "Local.NotThe",
            {
                "extends": "existence",
                "ignorecase": True,
                "tokens": ["(?<!the )clients"],
            },
        )
    )
    corpus = yaml.safe_load(CORPUS.read_text())["cases"]
    blocks = []
    for case in corpus:
        text = case["text"]
        blocks += [text, text.upper(), text.replace(" ", "\n", 3), f"Café “{text}”"]
        # letters Python's case-insensitive search takes for s, i and k
        blocks += [text.replace("s", "\u017f"), text.upper().replace("I", "\u0130")]
        blocks += [text.replace("i", "\u0131"), text.replace("k", "\u212a")]
    pages = [[block] for block in blocks]
    pages += [blocks[start : start + 5] for start in range(0, len(blocks), 3)]
    found = 0
    for page in pages:
        prose = PageProse(page)
        for rule in rules:
            # the rule's full pattern, case-insensitive with its boundaries,
            # is what the quick tests stand in for
            hits = [b for b in page if rule.pattern.search(b.replace("\n", " "))]
            if hits:
                found += 1
                assert rule.may_occur_in(prose), (rule.id, page)
                assert all(rule._may_match(b.replace("\n", " ")) for b in hits)
    assert found > 100  # the corpus does hold labels to find


#: Terms a user may write in a rule, with a text each must be found in: the
#: quick tests must not skip them (escapes that name characters, flags for
#: part of a term, comments, atomic groups, possessive and quantified
#: lookarounds are searched as written).
UNUSUAL_TERMS = [
    (r"\x41bc", ["abc"]),
    (r"\u03c3", ["ς"]),
    (r"[\u0100-\u017f]x", ["\u0131x"]),
    (r"x(?-i:[^a-z])", ["xA"]),
    (r"foo(?! (?-i:bar))", ["foo BAR"]),
    (r"(?a:[^k])x", ["\u212ax"]),
    (r"(?#[)^foo", ["bar", "foo"]),
    (r"a(?=b){2}b", ["ab"]),
    (r"(?>a(?!b)|ab)c", ["abc"]),
    (r"(?:x(?!y))*+xy", ["xxy"]),
    (r"[\x80-\uffff]", ["s"]),
    (r"\u017f", ["\u017f"]),
    (r"(?<!the )clients", ["the", "clients"]),
    (r"^Service users", ["x", "Service users"]),
]


@pytest.mark.parametrize(("term", "blocks"), UNUSUAL_TERMS)
@pytest.mark.parametrize("ignorecase", [True, False])
def test_unusual_terms_are_never_skipped(term, blocks, ignorecase):
    from coprodoc.language.rules import PageProse, rule_from_mapping

    spec = {"extends": "existence", "ignorecase": ignorecase, "tokens": [term]}
    rule = rule_from_mapping("Local.Unusual", spec)
    last = blocks[-1]
    if not rule.pattern.search(last):
        assert not ignorecase, "each case is a match when case is ignored"
        return
    assert rule.may_occur_in(PageProse(blocks))
    assert list(rule.find(last))
