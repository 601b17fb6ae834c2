"""The ``coprodoc-record`` builder, and the record beside an HTML build.

``sphinx-build -b coprodoc-record SRC OUT`` reads the site (incrementally,
like any builder), renders no pages, and writes the record files into OUT.
With ``coprodoc_record = True`` an HTML build writes the same files into its
own output folder, where the ``contribution-record`` page links to them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import get_translation

from coprodoc.config import settings, warn_at_setting
from coprodoc.data import get_data
from coprodoc.outputs import note_written
from coprodoc.state import get_registry
from coprodoc.suggest import did_you_mean

__ = get_translation("coprodoc", "console")


def write_all(app: Sphinx, outdir: Path) -> list[Path]:
    """The record files, and the exports ``coprodoc_record_exports`` asks for."""
    # Loaded only when the record is written: Sphinx loads coprodoc (and this
    # module, for the builder) at the start of every build.
    from coprodoc.record.exports import EXPORTS, all_contributors, citation_cff
    from coprodoc.record.files import write_record
    from coprodoc.record.model import build_record

    record = build_record(app)
    written = write_record(record, outdir)
    exports = set(settings(app).record_exports)
    if "all-contributors" in exports:
        path = outdir / EXPORTS["all-contributors"]
        path.write_text(all_contributors(record), encoding="utf-8")
        written.append(path)
    if "cff" in exports:
        path = outdir / EXPORTS["cff"]
        path.write_text(
            citation_cff(record, str(app.config.author or "")), encoding="utf-8"
        )
        written.append(path)
    return written


class RecordBuilder(Builder):
    """Writes the contribution record, and no pages."""

    name = "coprodoc-record"
    format = "coprodoc-record"
    epilog = __("The contribution record is in %(outdir)s.")
    allow_parallel = True

    def get_outdated_docs(self) -> list[str]:
        return []  # no pages are written; the record is made from the whole site

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Any) -> None:
        pass

    def write_documents(self, docnames: Any) -> None:
        pass  # nothing is rendered

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    # The files are written at build-finished (see write_when_finished), where
    # the application is at hand on every supported Sphinx version.


def writes_beside_site(app: Sphinx) -> bool:
    """Whether this build puts the record beside its pages: HTML builds
    with ``coprodoc_record``, but not EPUB, which packs its folder into a
    book (the record is for publishing beside a site, not inside a book)."""
    builder = app.builder
    return (
        settings(app).record
        and isinstance(builder, StandaloneHTMLBuilder)
        and "epub" not in builder.name
    )


def check_organisation_groups(app: Sphinx, env: Any) -> None:
    """``env-check-consistency``: when this build makes or shows the record,
    every group named as the organisation must exist in the registry.  A
    misspelt group would silently count everyone as outside the
    organisation, and no section would ever be flagged."""
    makes_record = (
        isinstance(app.builder, RecordBuilder)
        or writes_beside_site(app)
        or bool(get_data(env).history_pages)
    )
    registry = get_registry(env)
    if not makes_record or not registry.exists or not registry.readable:
        return
    unknown = [
        group
        for group in settings(app).organisation_groups
        if group not in registry.groups
    ]
    if unknown:
        known = ", ".join(sorted(registry.groups)) or "none"
        near = [m for group in unknown if (m := did_you_mean(group, registry.groups))]
        hints = f" (did you mean {', '.join(map(repr, near))}?)" if near else ""
        warn_at_setting(
            app,
            "coprodoc_organisation_groups",
            "coprodoc_organisation_groups: no registry group "
            f"{', '.join(map(repr, unknown))} (groups: {known}){hints}; the record "
            "cannot tell the organisation's own people from others, so it may "
            "flag too few sections (list your staff's groups, or [] for none)",
        )


def write_when_finished(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the record builder's output; and, with
    ``coprodoc_record``, the same files in an HTML build's output folder."""
    if exception is not None:
        return
    if isinstance(app.builder, RecordBuilder) or writes_beside_site(app):
        written = write_all(app, Path(app.outdir))
        note_written(app, [path.name for path in written])


def setup(app: Sphinx) -> None:
    app.add_builder(RecordBuilder)
    app.connect("env-check-consistency", check_organisation_groups)
    app.connect("build-finished", write_when_finished)
