"""Dissent, responses, decisions, the protocol and the registers, as readers
and auditors see them, and the honesty checks."""

from __future__ import annotations

import pytest

from coprodoc.data import get_data
from coprodoc.nodes import decision, dissent
from tests.conftest import ALL_BUILDERS, assert_exact_warnings, warnings_of
from tests.test_contribution import soup

STATUSES = {
    "open": "Open",
    "responded": "Responded",
    "resolved": "Resolved",
    "withdrawn": "Withdrawn",
}
RESOLUTIONS = {
    "pending": "Pending",
    "accommodated": "Accommodated",
    "addressed-not-accommodated": "Addressed, not accommodated",
}


def test_builds_without_warnings(copy_root, build):
    app = build(copy_root("dissent"))
    assert warnings_of(app) == ""


def test_dissent_is_shown_in_place_in_full(copy_root, build):
    app = build(copy_root("dissent"))
    section = soup(app, "payment.html").select_one("section#cash-on-the-day")
    dissents = section.select("div.coprodoc-dissent")
    assert len(dissents) == 2
    first = dissents[0]
    assert first["role"] == "note"
    assert first.find(id=first["aria-labelledby"]).get_text() == "Dissent — Responded"
    # In the dissenter's own words, quoted, and never folded away.
    quote = first.select_one(".coprodoc-position blockquote").get_text().strip()
    assert (
        quote == "Carrying cash home after an evening meeting is not safe for everyone."
    )
    assert not first.find_parents("details") and not first.select("details")
    assert first.select_one("p.coprodoc-by").get_text() == "River"
    response = first.select_one("div.coprodoc-response")
    assert (
        response.select_one(".coprodoc-label").get_text() == "Response — Accommodated"
    )
    assert response.select_one("p.coprodoc-by").get_text() == "Amira Khan"
    assert "Bank transfer on the same day" in response.get_text()
    # Consent withdrawn: the second dissenter is not named.
    assert dissents[1].select_one("p.coprodoc-by").get_text() == "Anonymous contributor"


RST_DISSENT = ".. dissent::\n   :by: amira\n   :status: {status}\n\n   Position.\n"
RST_RESPONSE = "\n   .. response::\n      :by: river\n      :resolution: {resolution}\n"
MD_DISSENT = (
    "::::{{dissent}}\n:by: amira\n:status: {status}\n\nPosition.\n{inner}::::\n"
)
MD_RESPONSE = "\n:::{{response}}\n:by: river\n:resolution: {resolution}\n:::\n"


def _statuses_page(fmt: str) -> str:
    """Every status with every resolution (withdrawn dissents get no response)."""
    blocks = []
    for status in STATUSES:
        for resolution in RESOLUTIONS:
            answered = status != "withdrawn"
            if fmt == "rst":
                text = RST_DISSENT.format(status=status)
                if answered:
                    text += RST_RESPONSE.format(resolution=resolution)
            else:
                inner = MD_RESPONSE.format(resolution=resolution) if answered else ""
                text = MD_DISSENT.format(status=status, inner=inner)
            blocks.append(text)
    title = "Statuses\n========\n\n" if fmt == "rst" else "# Statuses\n\n"
    return title + "\n".join(blocks)


@pytest.mark.parametrize("fmt", ["rst", "md"])
def test_each_status_and_resolution_renders(fmt, copy_root, build):
    src = copy_root("dissent")
    (src / f"statuses.{fmt}").write_text(_statuses_page(fmt))
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + "myst_enable_extensions = ['colon_fence']\n")
    app = build(src)
    assert "statuses" in app.env.found_docs
    page = soup(app, "statuses.html")
    blocks = page.select("div.coprodoc-dissent")
    assert len(blocks) == len(STATUSES) * len(RESOLUTIONS)
    seen = set()
    for block in blocks:
        status = next(c for c in block["class"] if c.startswith("coprodoc-status-"))
        status = status.removeprefix("coprodoc-status-")
        assert (
            block.select_one(".coprodoc-label .coprodoc-status").get_text()
            == STATUSES[status]
        )
        response = block.select_one("div.coprodoc-response .coprodoc-status")
        if status == "withdrawn":
            assert response is None
        else:
            seen.add((status, response.get_text()))
    assert seen == {
        (status, label)
        for status in STATUSES
        if status != "withdrawn"
        for label in RESOLUTIONS.values()
    }


def test_rst_and_myst_dissent_give_the_same_doctree(copy_root, build):
    src = copy_root("dissent")
    (src / "twin.md").write_text(
        "# Cash on the day\n\n"
        "````{dissent}\n:by: river\n:date: 2026-05-14\n:status: responded\n"
        ":decision: pay-cash\n:name: twin\n\n"
        "Carrying cash home after an evening meeting is not safe for everyone.\n\n"
        "```{response}\n:by: amira\n:date: 2026-05-20\n:resolution: accommodated\n\n"
        "Bank transfer on the same day is now offered as well.\n```\n````\n"
    )
    payment = src / "payment.rst"
    payment.write_text(payment.read_text().replace(":name: cash-safety", ":name: twin"))
    app = build(src)
    rst = next(app.env.get_doctree("payment").findall(dissent))
    myst = next(app.env.get_doctree("twin").findall(dissent))
    assert rst.pformat().replace("response-1", "R") == myst.pformat().replace(
        "response-1", "R"
    )


def test_decision_lists_its_dissents_and_links_back(copy_root, build):
    app = build(copy_root("dissent"))
    page = soup(app, "payment.html")
    decided = page.select_one("div#decision-pay-cash")
    details = {
        dt.get_text().rstrip(":"): dt.find_next_sibling("dd").get_text().strip()
        for dt in decided.select("dl.coprodoc-details > dt")
    }
    assert details == {
        "Date": "2026-05-14",
        "Status": "Accepted",
        # verbatim, whatever the line breaks of the source
        "Question put": "“Should we pay in cash on the day to anyone who asks for it?”",
        "Chaired by": "Amira Khan",
        "Method": "Majority vote",
        "Votes": "9 for, 2 against, 1 abstained",
        "Decided by": "Lived Experience Panel, Amira Khan",
        "Review by": "2099-05-14",
    }
    links = [a["href"] for a in decided.select("ul.coprodoc-dissent-links a")]
    assert links == ["#dissent-cash-safety", "#dissent-2"]
    for href in links:
        back = page.select_one(f"div{href} a[href='#decision-pay-cash']")
        assert back.get_text() == "Pay in cash on the day"
    old = page.select_one("div#decision-vouchers")
    assert old.select_one("a[href='#decision-vouchers-on-request']")
    assert "Superseded by" in old.get_text()
    text = page.get_text()
    assert "See Pay in cash on the day and the safety concern." in text


def test_protocol_is_rendered_from_config(copy_root, build):
    app = build(copy_root("dissent"))
    protocol = soup(app, "index.html").select_one("div.coprodoc-protocol")
    assert protocol.select_one(".coprodoc-label").get_text() == "Disagreement protocol"
    assert "Consensus, Majority vote" in protocol.get_text()
    assert "If we cannot agree after two meetings, we vote." in protocol.get_text()


def register_rows(app, caption: str) -> list[list[str]]:
    page = soup(app, "registers.html")
    for table in page.select("table"):
        if table.select_one(".caption-text").get_text() == caption:
            return [
                [td.get_text() for td in tr.select("td")]
                for tr in table.select("tbody tr")
            ]
    raise AssertionError(f"no table captioned {caption!r}")


EXPECTED_DISSENTS = [
    [
        "Cash on the day",
        "River",
        "Carrying cash home after an evening meeting is not safe for everyone.",
        "2026-05-14",
        "Responded",
        "Accommodated — Amira Khan",
        "Pay in cash on the day",
    ],
    [
        "Cash on the day",
        "Anonymous contributor",
        "Cash should not be the default.",
        "2026-05-14",
        "Open",
        "No response yet",
        "Pay in cash on the day",
    ],
    [
        "Withdrawn dissent in MyST",
        "Anonymous contributor",
        "I no longer object.",
        "2026-06-01",
        "Withdrawn",
        "No response yet",
        "",
    ],
    [
        "Withdrawn dissent in MyST",
        "River",
        "Meetings that end after nine are too late for me.",
        "2026-06-02",
        "Resolved (confirmed)",
        "Accommodated — Amira Khan",
        "",
    ],
]
EXPECTED_DECISIONS = [
    [
        "Pay in cash on the day",
        "“Should we pay in cash on the day to anyone who asks for it?”",
        "2026-05-14",
        "Accepted",
        "Majority vote",
        "9 for, 2 against, 1 abstained",
        # what is not settled yet: open, or responded to but not resolved
        "2 of 2: Cash on the day (Responded), Cash on the day (Open)",
    ],
    ["Offer vouchers", "", "", "Superseded", "Consensus", "", "0"],
    ["Vouchers only on request", "", "", "Accepted", "Consensus", "", "0"],
    ["Meet in the evening", "", "", "Proposed", "Consensus", "", "0"],
]


@pytest.mark.parametrize("parallel", [0, 4])
def test_registers_serial_and_parallel(parallel, copy_root, build):
    app = build(copy_root("dissent"), parallel=parallel)
    assert register_rows(app, "Dissent register") == EXPECTED_DISSENTS
    assert register_rows(app, "Dissent register (Open)") == [EXPECTED_DISSENTS[1]]
    assert register_rows(app, "Decision register") == EXPECTED_DECISIONS
    records = get_data(app.env)
    assert [d.status for d in records.all_dissents()] == [
        "responded",
        "open",
        "withdrawn",
        "resolved",
    ]


OPEN_DISSENT = """\
   :status: open
   :decision: pay-cash

   Cash should not be the default.
"""
CLOSED_DISSENT = """\
   :status: resolved
   :decision: pay-cash

   Cash should not be the default.

   .. response::
      :by: amira
      :resolution: addressed-not-accommodated

      Cash stays, with bank transfer beside it.
"""


def test_closing_a_dissent_updates_the_registers_incrementally(copy_root, build):
    src = copy_root("dissent")
    build(src)
    payment = src / "payment.rst"
    payment.write_text(payment.read_text().replace(OPEN_DISSENT, CLOSED_DISSENT))
    app = build(src)  # registers.md is not edited; it must be rewritten
    # Marked resolved with no word from the person who raised it: said so
    # (issue 19), in the warnings and in the register.
    assert_exact_warnings(
        app,
        [
            (
                f"{payment}:39:",
                "dissent is marked resolved, but no one who raised it has confirmed",
                "unconfirmed-resolution",
            )
        ],
    )
    rows = register_rows(app, "Dissent register")
    assert rows[1][4:6] == [
        "Resolved (not confirmed by the person who raised it)",
        "Addressed, not accommodated — Amira Khan",
    ]
    assert len(rows) == 4
    decision = register_rows(app, "Decision register")[0][-1]
    assert decision == "1 of 2: Cash on the day (Responded)"
    # The filtered register now has no open dissent at all.
    page = soup(app, "registers.html")
    assert "No dissent has the status: Open." in page.get_text()


def test_honesty_checks(copy_root, build):
    src = copy_root("dissent-bad")
    app = build(src)
    rst, md = f"{src / 'index.rst'}", f"{src / 'more.md'}"
    expected = [
        (f"{rst}:4:", "records 0 against but a dissent is recorded", "false-unanimity"),
        (
            f"{rst}:24:",
            "is marked 'unanimous' but records votes against",
            "false-unanimity",
        ),
        (
            f"{rst}:24:",
            "is marked 'unanimous' but a dissent is recorded",
            "false-unanimity",
        ),
        (
            f"{rst}:18:",
            "concerns unknown decision 'no-such-decision'",
            "unknown-decision",
        ),
        (
            f"{rst}:12:",
            "still open after the review date (2020-01-01)",
            "overdue-dissent",
        ),
        (f"{rst}:31:", ":for: 'nine' is not a whole number", "count"),
        (f"{rst}:32:", ":against: '1.5' is not a whole number", "count"),
        (f"{rst}:40:", "a response is recorded on a withdrawn dissent", "response"),
        (f"{rst}:45:", "duplicate decision name 'unanimous-one'", "duplicate-id"),
        (
            f"{rst}:47:",
            "method 'majority' differs from the disagreement protocol",
            "protocol",
        ),
        (
            f"{rst}:26:",
            "method 'unanimous' differs from the disagreement protocol",
            "protocol",
        ),
        (f"{rst}:49:", "response must be nested inside the dissent", "response"),
        (f"{rst}:54:", "status 'resolved' but no response is recorded", "response"),
        (f"{rst}:54:", "is marked resolved, but no one who", "unconfirmed-resolution"),
        (f"{rst}:60:", "no decision is named 'missing-decision'", "unknown-record"),
        (f"{md}:3:", "dissent has no content", "dissent"),
    ]
    assert_exact_warnings(app, expected)


def test_withdrawn_dissent_is_not_false_unanimity(copy_root, build):
    src = copy_root("dissent-bad")
    index = src / "index.rst"
    index.write_text(
        index.read_text().replace(
            "   :by: river\n   :decision: unanimous-one\n",
            "   :by: river\n   :status: withdrawn\n   :decision: unanimous-one\n",
        )
    )
    app = build(src)
    assert "decision 'unanimous-one' records 0 against" not in warnings_of(app)


@pytest.mark.parametrize("buildername", ALL_BUILDERS)
def test_every_builder_completes(buildername, copy_root, build):
    app = build(
        copy_root("dissent"),
        buildername,
        confoverrides={"version": "1", "copyright": "2026, test"},
    )
    assert warnings_of(app) == ""
    produced = [p for p in app.outdir.rglob("*") if p.is_file()]
    text = b"".join(p.read_bytes() for p in produced)
    if buildername != "gettext":
        assert b"Pay in cash on the day" in text
        assert b"Accommodated" in text
    else:
        assert b"Carrying cash home" in text


def test_decision_doctree_keeps_ids_only(copy_root, build):
    app = build(copy_root("dissent"))
    node = next(app.env.get_doctree("payment").findall(decision))
    assert node["deciders"] == ["panel", "amira"]
    assert "Amira Khan" not in node.pformat()


def test_confirmation_options_are_checked(copy_root, build):
    """A confirmation counts only from someone who raised the dissent, and
    only on a dissent marked resolved (in rST and MyST alike)."""
    src = copy_root("dissent")
    (src / "confirm.rst").write_text(
        "Confirmations\n=============\n\n"
        ".. dissent::\n   :by: river\n   :status: responded\n"
        "   :confirmed-by: river\n   :confirmed: 2026-06-01\n\n   Too late.\n\n"
        "   .. response::\n      :by: amira\n      :resolution: pending\n\n"
        "      We will look at it.\n\n"
        ".. dissent::\n   :by: panel\n   :status: resolved\n"
        "   :confirmed-by: p05\n   :confirmed: 2026-13-01\n\n   Too early.\n\n"
        "   .. response::\n      :by: amira\n      :resolution: accommodated\n\n"
        "      Later now.\n"
    )
    (src / "confirm_md.md").write_text(
        "# Confirmed in MyST\n\n"
        "````{dissent}\n:by: panel\n:status: resolved\n:confirmed-by: p03\n\n"
        "Too loud.\n\n```{response}\n:by: amira\n:resolution: accommodated\n\n"
        "A quiet room.\n```\n````\n\n"
        "````{dissent}\n:by: anonymous\n:status: resolved\n:confirmed-by: anonymous\n\n"
        "Too far.\n\n```{response}\n:by: amira\n:resolution: accommodated\n\n"
        "Closer now.\n```\n````\n"
    )
    index = src / "index.rst"
    index.write_text(
        index.read_text().replace(
            "   registers\n", "   registers\n   confirm\n   confirm_md\n"
        )
    )
    app = build(src)
    rst, md = src / "confirm.rst", src / "confirm_md.md"
    assert_exact_warnings(
        app,
        [
            (
                f"{rst}:4:",
                ":confirmed-by: and :confirmed: given, but the dissent's status is "
                "'responded'",
                "option",
            ),
            (f"{rst}:22:", ":confirmed: '2026-13-01' is not a real date", "date"),
            (
                f"{rst}:18:",
                "(:confirmed-by: names no one who raised it)",
                "unconfirmed-resolution",
            ),
            # anonymous confirms nothing: an anonymous dissent is confirmed
            # through a facilitator
            (
                f"{md}:18:",
                "for an anonymous dissent, :confirmed-via:",
                "unconfirmed-resolution",
            ),
        ],
    )
    page = soup(app, "confirm_md.html")
    # p03 is a member of the panel that raised it: shown as the registry allows
    first = page.select("div.coprodoc-dissent")[0]
    confirmed = " ".join(first.select_one("dl.coprodoc-details").get_text().split())
    assert "Confirmation: Confirmed by A member of Lived Experience Panel." in confirmed


def test_a_question_is_shown_word_for_word_and_escaped(copy_root, build):
    src = copy_root("dissent")
    payment = src / "payment.rst"
    payment.write_text(
        payment.read_text().replace(
            "   :question: Should we pay in cash on the day to anyone\n"
            "      who asks for it?\n",
            "   :question: Is <b>cash</b> & a *voucher* the same?\n",
        )
    )
    app = build(src)
    html = (app.outdir / "payment.html").read_text()
    assert "Is &lt;b&gt;cash&lt;/b&gt; &amp; a *voucher* the same?</span>”" in html
    assert "<b>cash</b>" not in html
    registers = (app.outdir / "registers.html").read_text()
    assert "“Is &lt;b&gt;cash&lt;/b&gt; &amp; a *voucher* the same?”" in registers


def nested(outer: str, inner: str) -> str:
    """A MyST page with a dissent and its response, fenced with *outer* and
    *inner*, then a paragraph and a section that must stay what they are."""
    return (
        "# Nesting\n\n## Cash\n\n"
        f"{outer}{{dissent}}\n:by: amira\n:status: responded\n\n"
        "Carrying cash home is not safe for everyone.\n\n"
        f"{inner}{{response}}\n:by: panel\n:resolution: accommodated\n\n"
        "Bank transfer is offered as well.\n"
        f"{inner}\n\n{outer}\n\n"
        "We pay on the day.\n\n## After\n\nMore text.\n"
    )


FENCES = {
    "same backticks": ("```", "```", True),
    "same colons": (":::", ":::", True),
    "more backticks outside": ("````", "```", False),
    "more colons outside": ("::::", ":::", False),
    "colons around backticks": ("::::", "```", False),
}


@pytest.mark.smoke  # also run with myst-parser 4 (make smoke-oldest)
@pytest.mark.parametrize("case", list(FENCES))
def test_same_length_fences_in_myst_are_caught(copy_root, build, case):
    outer, inner, broken = FENCES[case]
    src = copy_root("dissent")
    (src / "conf.py").write_text(
        (src / "conf.py").read_text() + 'myst_enable_extensions = ["colon_fence"]\n'
    )
    (src / "nesting.md").write_text(nested(outer, inner))
    index = src / "index.rst"
    index.write_text(
        index.read_text().replace("   registers\n", "   registers\n   nesting\n")
    )
    app = build(src)
    page = soup(app, "nesting.html")
    response = page.select_one(".coprodoc-dissent .coprodoc-response")
    assert response is not None and "Bank transfer" in response.get_text()
    if not broken:
        assert warnings_of(app) == ""
        assert page.select_one("section#cash > p").get_text() == "We pay on the day."
        assert page.select_one("section#after") is not None
        return
    # what goes wrong without the warning: what follows is swallowed (into a
    # code block with backticks), and the next heading is no section
    if outer == "```":
        assert "We pay on the day." in page.select_one("pre").get_text()
    assert page.select_one("section#after") is None
    fence = f"{inner}{{response}}"
    assert_exact_warnings(
        app,
        [
            (
                f"{src / 'nesting.md'}:5:",
                f"the dissent's closing fence is taken by the '{fence}' nested in "
                "it (line 11)",
                "myst-fence",
            )
        ],
    )
    assert "use four backticks on the outer fence" in warnings_of(app)


def test_code_blocks_in_a_dissent_and_rst_are_left_alone(copy_root, build):
    src = copy_root("dissent")
    (src / "code.md").write_text(
        "# Code\n\n## Cash\n\n````{dissent}\n:by: amira\n\n"
        "The form says:\n\n```text\n```{response}\n```\n\nwhich is wrong.\n````\n"
    )
    index = src / "index.rst"
    index.write_text(
        index.read_text().replace("   registers\n", "   registers\n   code\n")
    )
    app = build(src)
    assert warnings_of(app) == ""
    assert (
        "```{response}"
        in soup(app, "code.html").select_one(".coprodoc-dissent pre").get_text()
    )
