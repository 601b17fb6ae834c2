"""Keep names that may no longer be shown out of the output folder.

Sphinx writes again only the pages whose sources changed, and builds the
search index incrementally: it loads the last build's index, drops the pages
it writes again, and adds them back.  Dropping a page empties a word's list
of pages but keeps the word, so a name taken off every page (consent
withdrawn, ``coprodoc_unknown_contributors`` changed, a ``.mailmap`` entry
that maps someone to a withdrawn person) would stay in the index as
``"zebede":[]``.  Three safeguards:

- each output folder remembers (in ``.coprodoc-shown``, a fingerprint with
  no names) what decided who may be shown when it was written: the registry,
  how unknown contributors and commit subjects are shown, the history and
  who is who in it.  When that differs, every page is written again and the
  search index is rebuilt from clean.  It is kept per output folder, not in
  the environment, because builders share the environment: a record or text
  build in between must not make the HTML folder look up to date;
- after every HTML build, words that no page holds any more are removed;
- the pages of a removed source are deleted from the output folder (Sphinx
  leaves them), so a page taken away does not keep a name.
"""

from __future__ import annotations

import json
from hashlib import sha256
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from coprodoc.config import settings
from coprodoc.data import get_data
from coprodoc.state import get_registry

_PREFIX, _SUFFIX = "Search.setIndex(", ")"


def _index_path(app: Sphinx) -> Path | None:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return None
    return Path(builder.outdir) / builder.searchindex_filename


MARKER = ".coprodoc-shown"
#: Builders that write no pages, so have nothing to keep up to date.
NO_PAGES = frozenset({"coprodoc-record", "dummy"})
_PENDING: dict[int, str] = {}


def rebuild_when_shown_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: every page again, and a fresh index, when what may
    be shown changed since this output folder was written (after the
    history step, which decides part of it)."""
    if app.builder.name in NO_PAGES:
        return []
    data = get_data(env)
    config = settings(app)
    digest = sha256(
        repr(
            [
                get_registry(env).digest,
                config.unknown_contributors,
                config.commit_subjects,
                data.history_head[1] if data.history_head else None,
            ]
        ).encode()
    ).hexdigest()
    _PENDING[id(app)] = digest
    outdir = Path(app.outdir)
    marker = outdir / MARKER
    before = marker.read_text("ascii").strip() if marker.is_file() else None
    written_before = outdir.is_dir() and any(
        path.name != MARKER for path in outdir.iterdir()
    )
    if before == digest or not written_before:
        return []
    path = _index_path(app)
    if path is not None:
        path.unlink(missing_ok=True)
    return sorted(env.found_docs)


def remember_what_was_shown(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the fingerprint this output folder now shows."""
    digest = _PENDING.pop(id(app), None)
    if exception is None and digest is not None:
        outdir = Path(app.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / MARKER).write_text(digest + "\n", "ascii")


def remove_pages_of_removed_sources(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """``env-get-outdated``: delete what was written for removed sources."""
    builder = app.builder
    outdir = Path(builder.outdir)
    for docname in removed:
        targets: list[Path] = []
        if isinstance(builder, StandaloneHTMLBuilder):
            targets.append(Path(builder.get_outfilename(docname)))
            targets += (outdir / "_sources").glob(f"{docname}.*")
        suffix = getattr(builder, "out_suffix", "")
        if suffix:
            targets.append(outdir / f"{docname}{suffix}")
        for target in targets:
            if target.is_file() and outdir in target.resolve().parents:
                target.unlink()
    return []


def drop_empty_words(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: remove words no page holds from the index."""
    path = _index_path(app)
    if exception is not None or path is None or not path.is_file():
        return
    text = path.read_text("utf-8")
    if not (text.startswith(_PREFIX) and text.endswith(_SUFFIX)):
        return
    try:
        index = json.loads(text[len(_PREFIX) : -len(_SUFFIX)])
    except json.JSONDecodeError:
        return
    removed = 0
    for key in ("terms", "titleterms"):
        terms = index.get(key)
        if isinstance(terms, dict):
            empty = [word for word, pages in terms.items() if pages == []]
            for word in empty:
                del terms[word]
            removed += len(empty)
    if removed:
        dumped = json.dumps(index, separators=(",", ":"), sort_keys=True)
        path.write_text(_PREFIX + dumped + _SUFFIX, "utf-8")


def setup(app: Sphinx) -> None:
    # after the history step: who may be shown depends on it
    app.connect("env-updated", rebuild_when_shown_changes, priority=900)
    app.connect("env-get-outdated", remove_pages_of_removed_sources)
    app.connect("build-finished", drop_empty_words)
    app.connect("build-finished", remember_what_was_shown)
