"""The plain-language pass over each page, and the acronym check.

Findings become typed warnings at the exact line (``coprodoc.language`` for
labelling terms, ``coprodoc.readability`` for long sentences, and
``coprodoc.jargon`` for acronyms) and are kept in the environment as a
machine-readable list (:func:`all_findings`) for the PR check and the record.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from coprodoc.buildcache import cached, key_digest
from coprodoc.config import config_location
from coprodoc.context import (
    get_language_rules,
    language_rules_digest,
    plain_language_settings,
    set_language_rules,
)
from coprodoc.data import AcronymUse, Finding, get_data
from coprodoc.language.readability import sentence_spans, words
from coprodoc.language.rules import load_rules, rules_key
from coprodoc.language.text import TextBlock, text_blocks
from coprodoc.logs import warn
from coprodoc.nodes import summary

#: Two or more capitals (digits allowed after the first), optionally plural.
#: Dotted names ("GOV.UK") are names, not acronyms.
ACRONYM = re.compile(r"(?<![\w&.-])([A-Z][A-Z0-9&]*[A-Z0-9])s?(?![\w&-])(?!\.\w)")


def load_rules_for_build(app: Sphinx) -> None:
    """Load the labelling rules once per build (builder-inited)."""
    config = app.config
    folders = [Path(app.confdir) / folder for folder in config.coprodoc_vale_styles]
    arguments = (
        folders,
        config.coprodoc_language_rules,
        config.coprodoc_language_disabled,
    )
    digest = key_digest(rules_key(*arguments))
    rules, problems = cached(
        app.doctreedir, "rules", digest, lambda: load_rules(*arguments)
    )
    for problem in problems:
        rule_id = problem.removeprefix("rule ").split(":", 1)[0]
        name = (
            "coprodoc_language_rules"
            if rule_id in config.coprodoc_language_rules
            else "coprodoc_vale_styles"
        )
        warn(problem, "config", config_location(app, name))
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


def _location(block: TextBlock, offset: int) -> tuple[str | None, int | None]:
    return block.source, block.line_at(offset)


def _report(
    findings: list[Finding],
    docname: str,
    block: TextBlock,
    offset: int,
    subtype: str,
    rule: str,
    message: str,
    match: str = "",
    suggestion: str | None = None,
) -> None:
    source, line = _location(block, offset)
    findings.append(Finding(docname, line, subtype, rule, message, match, suggestion))
    warn(message, subtype, f"{source}:{line}" if source and line else None)


def check_language(app: Sphinx, doctree: nodes.document) -> None:
    """Run at doctree-read: summaries, labelling terms, acronyms, body text."""
    env = app.env
    docname = env.docname
    data = get_data(env)
    settings = plain_language_settings(env.config)
    rules = get_language_rules(env)
    findings: list[Finding] = []
    acronyms: dict[str, AcronymUse] = {}
    explained = {
        node.astext()
        for node in doctree.findall(nodes.abbreviation)
        if node.get("explanation")
    }
    easy_read = {
        id(block.node)
        for node in doctree.findall(summary)
        if node["format"] == "easy-read"
        for block in text_blocks(node)
    }
    summarised = {
        id(block.node)
        for node in doctree.findall(summary)
        for block in text_blocks(node)
    }
    for block in text_blocks(doctree):
        for rule in rules:
            for hit in rule.find(block.text):
                reason = f" {rule.description}" if rule.description else ""
                _report(
                    findings,
                    docname,
                    block,
                    hit.start,
                    "language",
                    rule.id,
                    f"{hit.message}{reason} (rule {rule.id})",
                    hit.matched,
                    hit.suggestion,
                )
        in_easy_read = id(block.node) in easy_read
        for match in ACRONYM.finditer(block.text):
            acronym = match.group(1)
            if acronym in settings.known_acronyms or not re.search("[A-Z]{2}", acronym):
                continue
            if in_easy_read:
                _report(
                    findings,
                    docname,
                    block,
                    match.start(),
                    "jargon",
                    "easy-read-acronym",
                    f"Easy Read text uses the acronym {acronym!r}; write the words "
                    "out in full",
                    acronym,
                )
            if acronym not in acronyms and not in_easy_read:
                acronyms[acronym] = AcronymUse(
                    docname,
                    block.line_at(match.start()),
                    acronym,
                    acronym in explained or _expanded(block.text, match),
                    in_easy_read,
                )
        if settings.body_checks and id(block.node) not in summarised:
            _long_sentences(findings, docname, block, settings.body_sentence_words)
    data.findings[docname] = findings
    data.acronyms[docname] = list(acronyms.values())
    for store in (data.findings, data.acronyms):
        if not store[docname]:
            del store[docname]


def _expanded(text: str, match: re.Match[str]) -> bool:
    """Whether the acronym is spelled out at this use: "Integrated Care Board
    (ICB)" or "ICB (Integrated Care Board)"."""
    before = text[: match.start()].rstrip()
    after = text[match.end() :].lstrip()
    if before.endswith("(") and after.startswith(")"):
        return len(words(before[:-1])) >= 2
    return bool(re.match(r"\(\s*[A-Za-z][^)]*[a-z][^)]*\)", after))


def _long_sentences(
    findings: list[Finding], docname: str, block: TextBlock, limit: int
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


def glossary_terms(env: BuildEnvironment) -> set[str]:
    """Every glossary term of the project, lower-cased."""
    std = env.domains.standard_domain
    return {name.lower() for (kind, name) in std.objects if kind == "term"}


def acronym_findings(env: BuildEnvironment) -> list[Finding]:
    """Acronyms not explained on their page at first use, nor in the glossary.

    Checked once all pages are read, because the glossary may be on any page.
    """
    terms = glossary_terms(env)
    findings = []
    for use in sorted(
        (u for uses in get_data(env).acronyms.values() for u in uses),
        key=lambda u: (u.docname, u.line or 0),
    ):
        if use.explained or use.acronym.lower() in terms:
            continue
        findings.append(
            Finding(
                use.docname,
                use.line,
                "jargon",
                "acronym",
                f"acronym {use.acronym!r} is not explained on this page: spell it "
                f"out at first use, for example 'Words In Full ({use.acronym})', "
                "or add it to the glossary",
                use.acronym,
            )
        )
    return findings


def warn_acronyms(app: Sphinx, env: BuildEnvironment) -> None:
    for finding in acronym_findings(env):
        warn(finding.message, finding.subtype, (finding.docname, finding.line))


def all_findings(env: BuildEnvironment) -> list[Finding]:
    """Every plain-language finding of the project, in a stable order."""
    found = get_data(env).all_findings() + acronym_findings(env)
    return sorted(found, key=lambda f: (f.docname, f.line or 0, f.subtype, f.rule))
