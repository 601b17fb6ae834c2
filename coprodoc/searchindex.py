"""Keep names that may no longer be shown out of ``searchindex.js``.

Sphinx builds the search index incrementally: it loads the last build's
index, drops the pages it writes again, and adds them back.  Dropping a page
empties a word's list of pages but keeps the word, so a name taken off every
page (consent withdrawn, ``coprodoc_unknown_contributors`` changed, a
``.mailmap`` entry that maps someone to a withdrawn person) would stay in the
index as ``"zebede":[]``.  Two safeguards:

- when anything that decides what may be shown changed since the last build
  (the registry, how unknown contributors and commit subjects are shown,
  the history and who is who in it), the index is deleted and every page is
  written again, so it is rebuilt from clean;
- after every HTML build, words that no page holds any more are removed.
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


def rebuild_when_shown_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: every page again, and a fresh index, when what may
    be shown changed (after the history step, which decides part of it)."""
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
    if not data.input_changed("shown_digest", digest):
        return []
    path = _index_path(app)
    if path is not None:
        path.unlink(missing_ok=True)
    return sorted(env.found_docs)


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
