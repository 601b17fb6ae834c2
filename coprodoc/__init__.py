"""coprodoc: a Sphinx extension for co-produced policy documents.

Add ``"coprodoc"`` to ``extensions`` in conf.py; everything is enabled.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "0.1.0"

#: Bumped whenever the pickled data model changes, so Sphinx discards old
#: environments instead of reading records of the wrong shape.
ENV_VERSION = 12


def setup(app: Sphinx) -> dict[str, Any]:
    from coprodoc import config, domain, nodes
    from coprodoc.build import load_registry_for_build, warn_missing_registry
    from coprodoc.checks import check_records
    from coprodoc.collector import ContributionCollector, outdated_by_registry
    from coprodoc.directives.contribution import ContributionDirective, ContributorRole
    from coprodoc.directives.contributors import ContributorsDirective
    from coprodoc.directives.decision import DecisionDirective, ProtocolDirective
    from coprodoc.directives.dissent import DissentDirective, ResponseDirective
    from coprodoc.directives.history import (
        ChangeHistoryDirective,
        ShapedByDirective,
        resolve_history,
    )
    from coprodoc.directives.record import (
        ContributionRecordDirective,
        add_script,
        resolve_record,
    )
    from coprodoc.directives.registers import (
        DecisionRegisterDirective,
        DissentRegisterDirective,
    )
    from coprodoc.directives.summary import (
        CoverageDirective,
        MoveSummariesToTop,
        PlainLanguageDirective,
    )
    from coprodoc.history.engine import gather_history
    from coprodoc.language.check import (
        check_language,
        load_rules_for_build,
        outdated_by_rules,
        warn_acronyms,
    )
    from coprodoc.locale import LOCALE_DIR, MESSAGE_CATALOG
    from coprodoc.record.builder import (
        RecordBuilder,
        check_organisation_groups,
        write_when_finished,
    )
    from coprodoc.resolve import resolve_doctree
    from coprodoc.searchindex import (
        drop_empty_words,
        rebuild_when_shown_changes,
        remember_what_was_shown,
        remove_pages_of_removed_sources,
    )
    from coprodoc.state import note_docs_read

    config.register(app)
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    nodes.register_nodes(app)
    app.add_directive("contribution", ContributionDirective)
    app.add_directive("contributors", ContributorsDirective)
    app.add_role("contributor", ContributorRole())
    app.add_directive("dissent", DissentDirective)
    app.add_directive("response", ResponseDirective)
    app.add_directive("decision", DecisionDirective)
    app.add_directive("disagreement-protocol", ProtocolDirective)
    app.add_directive("dissent-register", DissentRegisterDirective)
    app.add_directive("decision-register", DecisionRegisterDirective)
    app.add_directive("plain-language", PlainLanguageDirective)
    app.add_directive("plain-language-coverage", CoverageDirective)
    app.add_transform(MoveSummariesToTop)
    app.add_directive("shaped-by", ShapedByDirective)
    app.add_directive("change-history", ChangeHistoryDirective)
    app.add_directive("contribution-record", ContributionRecordDirective)
    app.add_builder(RecordBuilder)
    domain.setup(app)
    app.add_env_collector(ContributionCollector)
    app.add_css_file("coprodoc.css")
    app.connect("builder-inited", load_registry_for_build)
    app.connect("builder-inited", load_rules_for_build)
    app.connect("doctree-read", check_language)
    app.connect("env-get-outdated", outdated_by_registry)
    app.connect("env-get-outdated", outdated_by_rules)
    app.connect("env-check-consistency", warn_missing_registry)
    app.connect("env-check-consistency", check_records)
    app.connect("env-check-consistency", warn_acronyms)
    app.connect("env-check-consistency", check_organisation_groups)
    app.connect("env-before-read-docs", note_docs_read)
    app.connect("env-updated", gather_history)
    app.connect("env-updated", rebuild_when_shown_changes, priority=900)
    app.connect("doctree-resolved", resolve_history)
    app.connect("doctree-resolved", resolve_record)
    app.connect("doctree-resolved", resolve_doctree)
    app.connect("html-page-context", add_script)
    app.connect("build-finished", write_when_finished)
    app.connect("build-finished", drop_empty_words)
    app.connect("build-finished", remember_what_was_shown)
    app.connect("env-get-outdated", remove_pages_of_removed_sources)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        # Records are kept per document and merged per document (see data.py);
        # the registry is read-only during the build and re-loaded in each one.
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
