"""The plain-language pass over each page, and the acronym check.

Findings become typed warnings at the exact line (``coprodoc.language`` for
labelling terms, ``coprodoc.readability`` for long sentences, and
``coprodoc.jargon`` for acronyms) and are kept in the environment as a
machine-readable list (:func:`all_findings`, with each finding's rule, the
words matched and the suggestion) for tools that want more than a warning.
What is checked where follows the switches in
:mod:`coprodoc.language.switches` (site, page, passage).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from coprodoc.config import cache_folder, settings, warn_at_setting
from coprodoc.data import AcronymUse, LanguageFinding, get_data
from coprodoc.language.acronyms import (
    ACRONYM_WORDS,
    Detector,
    explained_in,
    glossary_acronyms,
)
from coprodoc.language.readability import sentence_spans, words
from coprodoc.language.rules import PageProse, Rule, load_rules, rules_key
from coprodoc.language.switches import (
    ALL,
    CHECKS,
    PAGE_KEY,
    Off,
    known_names,
    names_in,
    switch_location,
)
from coprodoc.language.text import TextBlock
from coprodoc.language.walk import PageText, read_page
from coprodoc.logs import Subtype, warn
from coprodoc.picklecache import cached, key_digest
from coprodoc.state import (
    get_language_rules,
    language_rules_digest,
    set_language_rules,
)


def _site_disabled(app: Sphinx) -> list[str]:
    return list(settings(app).language_disabled)


def load_rules_for_build(app: Sphinx) -> None:
    """Load the labelling rules once per build (builder-inited).

    Every rule is kept, switched-off ones too, so that page and passage
    switches can be checked against the names that exist.
    """
    config = settings(app)
    folders = [Path(app.confdir) / folder for folder in config.vale_styles]
    extra = dict(config.language_rules)
    disabled = _site_disabled(app)
    digest = key_digest(rules_key(folders, extra, disabled))
    rules, problems = cached(
        cache_folder(app), "rules", digest, lambda: load_rules(folders, extra)
    )
    for problem in problems:
        rule_id = problem.removeprefix("rule ").split(":", 1)[0]
        name = (
            "coprodoc_language_rules"
            if rule_id in config.language_rules
            else "coprodoc_vale_styles"
        )
        warn_at_setting(app, name, problem)
    for name in sorted(set(disabled) - known_names(rule.id for rule in rules)):
        warn_at_setting(
            app,
            "coprodoc_language_disabled",
            f"coprodoc_language_disabled names {name!r}, which is not a labelling "
            f"rule, a style, nor one of {', '.join(CHECKS)} or {ALL!r}; it is "
            "ignored",
        )
    set_language_rules(app.env, rules, digest)


def outdated_by_rules(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Check every page again when a rule file changed since the last build
    (a Vale style folder is not a Sphinx source, so Sphinx cannot tell)."""
    digest = language_rules_digest(env)
    if not get_data(env).input_changed("rules_digest", digest):
        return []
    return sorted(env.found_docs)


def _report(
    findings: list[LanguageFinding],
    docname: str,
    block: TextBlock,
    offset: int,
    subtype: Subtype,
    rule: str,
    message: str,
    match: str = "",
    suggestion: str | None = None,
) -> None:
    source, line = block.source, block.line_at(offset)
    findings.append(
        LanguageFinding(docname, line, subtype, rule, message, match, suggestion)
    )
    warn(message, subtype, f"{source}:{line}" if source and line else None)


def _unknown_names(
    names: frozenset[str], known: set[str], where: str, location: object
) -> None:
    for name in sorted(names - known):
        warn(
            f"{where} names {name!r}, which is not a labelling rule, a style, "
            f"nor one of {', '.join(CHECKS)} or {ALL!r}",
            "language-switch",
            location,
        )


def page_off(env: BuildEnvironment, known: set[str]) -> Off:
    """What the page's ``coprodoc-language-disable`` metadata switches off
    (an empty value: everything)."""
    value = env.metadata.get(env.docname, {}).get(PAGE_KEY)
    if value is None:
        return Off()
    names = frozenset(names_in(str(value))) or frozenset({ALL})
    _unknown_names(names, known, PAGE_KEY, (env.docname, 1))
    return Off(names)


def warn_switches(page: PageText, known: set[str]) -> None:
    """Malformed or unknown switches, reported where they are."""
    for node, switch, problem in page.switches:
        if problem:
            warn(problem, "language-switch", switch_location(node))
        elif switch is not None and switch.names - known:
            location = switch_location(node)
            _unknown_names(switch.names, known, "language switch", location)


class PageCheck:
    """The findings of one page, gathered block by block."""

    def __init__(self, docname: str, rules: list[Rule], detector: Detector) -> None:
        self.docname = docname
        self.rules = rules
        self.detector = detector
        self.findings: list[LanguageFinding] = []
        self.acronyms: dict[str, AcronymUse] = {}

    def labels(self, block: TextBlock, off: Off) -> None:
        for rule in self.rules:
            if off.covers(rule.id):
                continue
            for hit in rule.find(block.text):
                reason = f" {rule.description}" if rule.description else ""
                _report(
                    self.findings,
                    self.docname,
                    block,
                    hit.start,
                    "language",
                    rule.id,
                    f"{hit.message}{reason} (rule {rule.id})",
                    hit.matched,
                    hit.suggestion,
                )

    def capitals(self, block: TextBlock, off: Off, easy_read: bool) -> None:
        for match in self.detector.find(block.text):
            acronym = match.group(1)
            if easy_read and not off.covers("easy-read-acronym"):
                _report(
                    self.findings,
                    self.docname,
                    block,
                    match.start(),
                    "jargon",
                    "easy-read-acronym",
                    f"Easy Read text uses the acronym {acronym!r}; write the words "
                    "out in full",
                    acronym,
                )
            if easy_read or acronym in self.acronyms or off.covers("acronym"):
                continue
            self.acronyms[acronym] = AcronymUse(
                self.docname,
                block.line_at(match.start()),
                acronym,
                acronym in self.detector.explained,
                easy_read,
            )


def _detector(page: PageText, env: BuildEnvironment) -> Detector:
    """What counts as an acronym on this page, and what the page explains
    anywhere on it (an explanation after the first use counts too)."""
    thresholds = settings(env).plain_language
    explained = set(page.explained)
    for block, _off in page.blocks:
        explained |= explained_in(block.text)
    return Detector(
        ACRONYM_WORDS | frozenset(thresholds.acronym_words),
        frozenset(explained),
        frozenset(thresholds.known_acronyms),
    )


def check_language(app: Sphinx, doctree: nodes.document) -> None:
    """Run at doctree-read: labelling terms, acronyms and body text, as the
    site, page and passage switches allow."""
    env = app.env
    thresholds = settings(env).plain_language
    rules = get_language_rules(env)
    known = known_names(rule.id for rule in rules) | set(_site_disabled(app))
    off_here = Off(frozenset(_site_disabled(app))) | page_off(env, known)
    text = read_page(doctree)
    warn_switches(text, known)
    prose = PageProse(block.text for block, _off in text.blocks)
    page = PageCheck(
        env.docname,
        [
            rule
            for rule in rules
            if not off_here.covers(rule.id) and rule.may_occur_in(prose)
        ],
        _detector(text, env),
    )
    off, last = off_here, None
    for block, passage in text.blocks:
        if passage is not last:  # blocks between two switches share theirs
            off, last = off_here | passage, passage
        if off.covers(ALL):
            continue
        page.labels(block, off)
        page.capitals(block, off, id(block.node) in text.easy_read)
        if (
            thresholds.body_checks
            and id(block.node) not in text.summarised
            and not off.covers("sentence-length")
        ):
            _long_sentences(
                page.findings, env.docname, block, thresholds.body_sentence_words
            )
    data = get_data(env)
    data.findings[env.docname] = page.findings
    data.acronyms[env.docname] = list(page.acronyms.values())
    for store in (data.findings, data.acronyms):
        if not store[env.docname]:
            del store[env.docname]


def _long_sentences(
    findings: list[LanguageFinding], docname: str, block: TextBlock, limit: int
) -> None:
    for offset, sentence in sentence_spans(block.text):
        count = len(words(sentence))
        if count > limit:
            _report(
                findings,
                docname,
                block,
                offset,
                "readability",
                "sentence-length",
                f"sentence has {count} words (at most {limit} in body text); "
                "split it into shorter sentences",
            )


def glossary_names(env: BuildEnvironment) -> list[str]:
    """Every glossary term of the project, as written."""
    std = env.domains.standard_domain
    return [name for (kind, name) in std.objects if kind == "term"]


def acronym_findings(env: BuildEnvironment) -> list[LanguageFinding]:
    """Acronyms not explained on their page, nor in the glossary.

    Checked once all pages are read, because the glossary may be on any page.
    """
    names = glossary_names(env)
    terms = {name.lower() for name in names}
    in_glossary = glossary_acronyms(names)
    findings = []
    for use in sorted(
        (u for uses in get_data(env).acronyms.values() for u in uses),
        key=lambda u: (u.docname, u.line or 0),
    ):
        if use.explained or use.acronym.lower() in terms or use.acronym in in_glossary:
            continue
        findings.append(
            LanguageFinding(
                use.docname,
                use.line,
                "jargon",
                "acronym",
                f"acronym {use.acronym!r} is not explained on this page: spell it "
                f"out, for example 'Words In Full ({use.acronym})', or add it "
                "to the glossary",
                use.acronym,
            )
        )
    return findings


def warn_acronyms(app: Sphinx, env: BuildEnvironment) -> None:
    for finding in acronym_findings(env):
        warn(finding.message, finding.subtype, (finding.docname, finding.line))


def all_findings(env: BuildEnvironment) -> list[LanguageFinding]:
    """Every plain-language finding of the project, in a stable order."""
    found = get_data(env).all_findings() + acronym_findings(env)
    return sorted(found, key=lambda f: (f.docname, f.line or 0, f.subtype, f.rule))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", load_rules_for_build)
    app.connect("env-get-outdated", outdated_by_rules)
    app.connect("doctree-read", check_language)
    app.connect("env-check-consistency", warn_acronyms)
