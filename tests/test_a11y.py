"""Accessibility in a real browser: the example policy, built with each of
five themes, served on localhost and opened in headless Chromium (Debian's
``chromium``, driven by Playwright).  axe-core checks every page against the
WCAG 2.0, 2.1 and 2.2 A and AA rules in light and dark colour schemes; any
violation inside a coprodoc component fails.  The suite also checks that the
record page's controls are reached with the keyboard and show their focus,
and saves a screenshot of each component for the documentation.

Run with ``pytest -m a11y``; ``make test`` runs it with everything else.
Without Chromium the suite is skipped, saying so: ``.ci/run`` installs it.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

pytestmark = pytest.mark.a11y

EXAMPLE = Path(__file__).parent.parent / "example_project"
SCREENSHOTS = Path(__file__).parent.parent / "docs" / "_static" / "screenshots"
CHROMIUM = os.environ.get("COPRODOC_CHROMIUM") or shutil.which("chromium")
THEMES = [
    "alabaster",
    "furo",
    "sphinx_rtd_theme",
    "pydata_sphinx_theme",
    "sphinx_book_theme",
]
#: The axe rule sets: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
#: Flags for a root user on a machine whose network is closed (see the
#: machine notes): no sandbox, no background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: One example of each component: (name, page, CSS selector).
COMPONENTS = [
    ("contribution", "purpose.html", ".coprodoc-contribution"),
    ("plain-language", "purpose.html", ".coprodoc-summary"),
    ("shaped-by", "rates.html", ".coprodoc-shaped-by"),
    ("decision", "rates.html", ".coprodoc-decision"),
    ("dissent", "rates.html", ".coprodoc-dissent"),
    ("unconfirmed-resolution", "rates.html", ".coprodoc-dissent.coprodoc-unconfirmed"),
    ("change-history", "rates.html", "table.coprodoc-change-history"),
    ("disagreement-protocol", "decisions.html", ".coprodoc-protocol"),
    ("dissent-register", "decisions.html", "table.coprodoc-dissent-register"),
    ("decision-register", "decisions.html", "table.coprodoc-decision-register"),
    ("contributors", "about.html", "table.coprodoc-contributors"),
    ("plain-language-coverage", "about.html", "table.coprodoc-coverage"),
    ("contribution-record", "record.html", ".coprodoc-record"),
    ("record-charts", "record.html", ".coprodoc-record-charts"),
    ("authorship-view", "_authorship/rates.html", ".coprodoc-authorship"),
]

if CHROMIUM is None:
    pytest.skip(
        "Chromium is not installed (Debian package 'chromium'; .ci/run installs "
        "it, or set COPRODOC_CHROMIUM to its path)",
        allow_module_level=True,
    )

# Imported after the skip: Playwright is only useful with a browser.
from playwright.sync_api import Page, sync_playwright  # noqa: E402

AXE_SOURCE = (
    resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")
)

#: Runs axe on the page; returns every violation with, for each node,
#: whether it lies inside a coprodoc component.
RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  const inside = (target) => {
    const element = document.querySelector(target[0]);
    return !!(element && element.closest('[class*="coprodoc"]'));
  };
  return {
    rules: results.passes.length + results.violations.length
      + results.incomplete.length + results.inapplicable.length,
    passes: results.passes.length,
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({target: n.target, html: n.html,
                                  inside: inside(n.target)})),
    })),
  };
}
"""


@pytest.fixture(scope="module")
def replayed(replayed_example: Path) -> Path:
    return replayed_example


def build_site(src: Path, theme: str, out: Path) -> Path:
    from sphinx.cmd.build import build_main

    status = build_main(
        ["-q", "-b", "html", "-D", f"html_theme={theme}", str(src), str(out)]
    )
    assert status == 0
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Server:
    """A folder served on localhost, in a thread."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module", params=THEMES)
def site(request, replayed, tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    theme = request.param
    out = build_site(replayed, theme, tmp_path_factory.mktemp(theme) / "html")
    server = Server(out)
    yield theme, server.url, out
    server.close()


def axe(page: Page) -> dict:
    page.add_script_tag(content=AXE_SOURCE)
    return page.evaluate(RUN_AXE, AXE_TAGS)


def report_line(theme: str, scheme: str, name: str, found: dict) -> str:
    return json.dumps({"theme": theme, "scheme": scheme, "page": name, **found})


def test_axe_finds_no_violation_in_any_coprodoc_component(site, browser, tmp_path):
    theme, url, out = site
    pages = sorted(p.name for p in out.glob("*.html"))
    assert "record.html" in pages and len(pages) >= 10
    # the "who wrote this page" views
    pages += sorted(f"_authorship/{p.name}" for p in out.glob("_authorship/*.html"))
    assert "_authorship/rates.html" in pages
    failures = []
    summary = {"pages": 0, "rules_run": 0, "passes": 0, "outside": {}}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)  # type: ignore[attr-defined]
        page = context.new_page()
        for name in pages:
            page.goto(url + name)
            found = axe(page)
            summary["pages"] += 1
            summary["rules_run"] += found["rules"]
            summary["passes"] += found["passes"]
            for violation in found["violations"]:
                inside = [n for n in violation["nodes"] if n["inside"]]
                if inside:
                    failures.append(
                        f"{theme} {scheme} {name}: {violation['id']} "
                        f"({violation['help']}): {inside[0]['html'][:200]}"
                    )
                elif violation["nodes"]:
                    key = violation["id"]
                    summary["outside"][key] = summary["outside"].get(key, 0) + 1
        context.close()
    # What the run covered, for the closing note and the docs.
    report = Path(os.environ.get("COPRODOC_A11Y_REPORT", tmp_path / "a11y.jsonl"))
    with report.open("a") as handle:
        handle.write(json.dumps({"theme": theme, **summary}) + "\n")
    assert failures == []


def test_record_controls_are_reached_by_keyboard_with_visible_focus(site, browser):
    _theme, url, _out = site
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url + "record.html")
    sort_buttons = page.locator("table.coprodoc-sortable th button.coprodoc-sort")
    filters = page.locator(".coprodoc-filter input")
    assert sort_buttons.count() >= 10 and filters.count() == 3
    # buttons hold only words (no paragraphs), and the label is the page's
    assert page.locator("button.coprodoc-sort p").count() == 0
    assert sort_buttons.first.inner_text().startswith("Person")
    assert page.locator(".coprodoc-filter label").first.inner_text() == "Filter rows"
    reached: set[str] = set()
    outlines: list[str] = []
    for _press in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const e = document.activeElement;
                if (!e || !e.closest('.coprodoc-record')) return null;
                const style = getComputedStyle(e);
                const all = Array.from(document.querySelectorAll('a, button, input'));
                return {key: e.tagName + ':' + all.indexOf(e),
                        outline: style.outlineStyle + ' ' + style.outlineWidth};
            }"""
        )
        if focused:
            reached.add(focused["key"])
            outlines.append(focused["outline"])
    expected = sort_buttons.count() + filters.count()
    controls = [k for k in reached if k.startswith(("BUTTON:", "INPUT:"))]
    assert len(controls) == expected, sorted(reached)
    assert all(not o.startswith("none") and not o.endswith(" 0px") for o in outlines)
    # Sorting works from the keyboard, and says so with aria-sort.
    header = page.locator("table#contribution-record-1-people th").first
    header.locator("button").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    # The filter hides rows that do not match, and only those.
    box = page.locator(".coprodoc-filter input").first
    box.fill("River")
    visible = page.locator("table#contribution-record-1-people tbody tr:visible")
    assert visible.count() == 1 and "River" in visible.inner_text()
    context.close()


def test_tables_read_the_same_without_javascript(site, browser):
    _theme, url, _out = site
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url + "record.html")
    rows = page.locator("table#contribution-record-1-sections tbody tr")
    assert rows.count() >= 10
    assert page.locator("button.coprodoc-sort").count() == 0
    context.close()


def test_screenshots_of_each_component(site, browser, tmp_path):
    """Every component is drawn, with a real size, in every theme; with
    ``COPRODOC_SCREENSHOTS=1`` (``make screenshots``) the default theme's
    pictures become the documentation's component gallery."""
    theme, url, _out = site
    # The gallery is written only when asked (make screenshots): a test run
    # must not change tracked files.
    keep = theme == "alabaster" and os.environ.get("COPRODOC_SCREENSHOTS") == "1"
    folder = SCREENSHOTS if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1000, "height": 800}, device_scale_factor=1
    )
    page = context.new_page()
    for name, page_name, selector in COMPONENTS:
        page.goto(url + page_name)
        element = page.locator(selector).first
        assert element.count() == 1, (name, page_name, selector)
        box = element.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 20, name
        path = folder / f"{name}.png"
        element.screenshot(path=str(path), animations="disabled")
        assert path.stat().st_size > 1000
    context.close()


#: The widths the layout is checked at: a phone and a laptop.
WIDTHS = (390, 1280)
#: Themes whose own layout never scrolls sideways at those widths, so the
#: whole page is checked; in the others (PyData's navigation bar is wider
#: than a phone), only coprodoc's parts are.
WHOLE_PAGE_THEMES = ("alabaster", "furo")
#: Pages with coprodoc's widest parts: the record, the registers, a change
#: history, the contributors list, dissent and decision blocks.
LAYOUT_PAGES = ("record.html", "decisions.html", "rates.html", "about.html")

#: What sticks out sideways: of the page, and of coprodoc's parts (elements
#: inside a component that are not inside a box that scrolls); and each
#: table's scroll region, as assistive technology and the eye get it.
MEASURE = """
() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const scrolls = (e) => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const parts = '[class*="coprodoc-"], [class*="coprodoc-"] *';
  const sticking = [...document.querySelectorAll(parts)]
    .filter((e) => !scrolls(e) && e.getBoundingClientRect().right > width + 1)
    .map((e) => e.tagName + "." + String(e.className).slice(0, 60));
  const regions = [...document.querySelectorAll(".coprodoc-scroll")].map((e) => ({
    role: e.getAttribute("role"),
    tabindex: e.getAttribute("tabindex"),
    label: e.getAttribute("aria-label"),
    caption: (e.querySelector("caption .caption-text") || {}).textContent,
    scrolls: e.scrollWidth > e.clientWidth + 1,
  }));
  const outside = [...document.querySelectorAll("table.coprodoc-record-table th")]
    .filter((th) => th.textContent.includes("Outside the organisation"))
    .map((th) => {
      let box = th.parentElement;
      while (box && getComputedStyle(box).overflowX === "visible") {
        box = box.parentElement;
      }
      return {right: th.getBoundingClientRect().right,
              visible: box.getBoundingClientRect().right};
    });
  return {page: root.scrollWidth, width, sticking, regions, outside};
}
"""


def test_nothing_makes_the_page_scroll_sideways(site, browser):
    """At 390 and 1280 px: no coprodoc part is wider than the screen (wide
    tables scroll in their own labelled, focusable region), and on the
    record the "Outside the organisation" column is in view without
    scrolling; in Alabaster at 1280 px the record's and registers' tables
    fit whole."""
    theme, url, _out = site
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
        page = context.new_page()
        for name in LAYOUT_PAGES:
            page.goto(url + name)
            found = page.evaluate(MEASURE)
            where = f"{theme} {width}px {name}"
            assert found["sticking"] == [], where
            if theme in WHOLE_PAGE_THEMES:
                assert found["page"] <= found["width"], where
            assert found["regions"], where
            for region in found["regions"]:
                assert region["role"] == "region" and region["tabindex"] == "0", where
                assert region["label"] and region["label"] == region["caption"], where
            if name == "record.html":
                assert len(found["outside"]) == 1, where
                if width == 1280:
                    column = found["outside"][0]
                    assert column["right"] <= column["visible"] + 1, where
            if (theme, width) == ("alabaster", 1280) and name != "record.html":
                assert not any(r["scrolls"] for r in found["regions"]), where
            if (theme, width) == ("alabaster", 1280) and name == "record.html":
                tables = ("Contributions per person", "Who shaped each section")
                assert not any(
                    r["scrolls"] for r in found["regions"] if r["label"] in tables
                ), where
            if width == 390 and name == "rates.html" and theme in WHOLE_PAGE_THEMES:
                # the change history is the part that used to push the page
                assert any(r["scrolls"] for r in found["regions"]), where
        context.close()


#: The record page as the documentation shows it: (theme, width, scheme).
RECORD_SHOTS = [
    ("alabaster", 390, "light"),
    ("alabaster", 1280, "light"),
    ("furo", 390, "dark"),
    ("furo", 1280, "dark"),
]


def test_screenshots_of_the_record_page_and_its_charts(site, browser, tmp_path):
    """The record page at a phone's and a laptop's width, in Alabaster and
    in Furo's dark scheme (the table auditors read most, scrolled into
    view), and the charts in Furo's dark scheme: with ``make screenshots``
    they go on the components page."""
    theme, url, _out = site
    shots = [shot for shot in RECORD_SHOTS if shot[0] == theme]
    if theme == "furo":
        shots.append((theme, 1000, "charts"))
    keep = os.environ.get("COPRODOC_SCREENSHOTS") == "1"
    folder = SCREENSHOTS if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for _theme, width, scheme in shots:
        context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": 800},
            device_scale_factor=1,
            color_scheme="dark" if scheme in ("dark", "charts") else "light",
        )
        page = context.new_page()
        page.goto(url + "record.html")
        if scheme == "charts":
            # from the whole page, not scrolled: Furo's sticky header stays
            # at the top instead of covering the charts
            path = folder / f"record-charts-{theme}-dark.png"
            box = page.locator(".coprodoc-record-charts").bounding_box()
            assert box is not None
            page.screenshot(
                path=str(path), full_page=True, clip=box, animations="disabled"
            )
        else:
            # the sections table and its filter box, just below the theme's
            # header (scrolled at once: Furo scrolls smoothly)
            page.evaluate(
                """() => {
                    const table = document.getElementById(
                        'contribution-record-1-sections');
                    const box = table.closest('.coprodoc-scroll');
                    const top = box.getBoundingClientRect().top + window.scrollY;
                    window.scrollTo({top: top - 70, behavior: 'instant'});
                }"""
            )
            path = folder / f"record-page-{theme}-{width}.png"
            page.screenshot(path=str(path), animations="disabled")
        assert path.stat().st_size > 5000
        context.close()


def test_axe_reports_a_violation_inside_a_component(browser, tmp_path):
    """The check above can fail: a component with an image without text and
    grey-on-white text is reported, and a problem outside is not counted."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Check</title></head><body>'
        "<main><h1>Check</h1>"
        '<div class="coprodoc-contribution"><img src="x.png">'
        '<p style="color:#ddd;background:#fff">Faint words</p></div>'
        '<img src="y.png"></main></body></html>'
    )
    server = Server(tmp_path)
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server.url + "index.html")
    found = axe(page)
    context.close()
    server.close()
    inside = {
        v["id"] for v in found["violations"] if any(n["inside"] for n in v["nodes"])
    }
    assert {"image-alt", "color-contrast"} <= inside
    image = next(v for v in found["violations"] if v["id"] == "image-alt")
    assert [n["inside"] for n in image["nodes"]] == [True, False]
