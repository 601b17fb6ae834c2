"""coprodoc: a Sphinx extension for co-produced policy documents.

Add ``"coprodoc"`` to ``extensions`` in conf.py; everything is enabled.
:func:`pipeline` lists the steps of a build in the order they run; each
step is a module that registers its own handlers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


__version__ = "0.1.0"

#: Bumped whenever the pickled data model changes, so Sphinx discards old
#: environments instead of reading records of the wrong shape.
ENV_VERSION = 22


def pipeline() -> tuple[Any, ...]:
    """A build's steps in order: modules whose ``setup(app)`` connect handlers."""
    from coprodoc import (
        authorship,
        closure,
        collector,
        config,
        directives,
        domain,
        honesty,
        layout,
        locale,
        nodes,
        outputs,
        pagenames,
        resolve,
        sourcecopy,
    )
    from coprodoc.directives import record as record_page
    from coprodoc.directives import shaped_by
    from coprodoc.history import engine as history
    from coprodoc.language import check as language
    from coprodoc.record import builder as record
    from coprodoc.registry import events as registry

    return (
        # Settings: every coprodoc_* value checked once (config-inited).
        config,
        # Labels in the build's language; node classes for every builder.
        locale,
        nodes,
        # The registry, loaded once; a change re-reads every page (env-get-outdated).
        registry,
        # Labelling rules loaded once; pages checked as they are read
        # (builder-inited, env-get-outdated, doctree-read).
        language,
        # Directives check their options; hidden names leave the page's text.
        directives,
        pagenames,
        domain,  # named records are domain objects
        # Records per page, cleared and merged for -j and rebuilds (collector).
        collector,
        # After reading: honesty checks across pages (env-check-consistency).
        honesty,
        # History from git once, then who marked dissents resolved, then what
        # may be shown against what the output folder shows (env-updated).
        history,
        closure,
        outputs,
        # Writing: shaped-by and change history, the record page, then every
        # id becomes a name (doctree-resolved, in this order).
        shaped_by,
        record_page,
        authorship,
        resolve,
        layout,  # last, HTML only: wide tables scroll in their own box
        # Record files; sources copied without names written for ids (build-finished).
        record,
        sourcecopy,
    )


def setup(app: Sphinx) -> dict[str, Any]:
    for step in pipeline():
        step.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        # Records are kept per document and merged per document (see data.py);
        # the registry is read-only during the build and re-loaded in each one.
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
