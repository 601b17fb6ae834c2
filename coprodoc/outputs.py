"""Keep names that may no longer be shown out of the output folder.

Sphinx writes again only the pages whose sources changed, never deletes the
output of a page that was removed, and builds the search index
incrementally: it loads the last build's index, drops the pages it writes
again, and adds them back.  Dropping a page empties a word's list of pages
but keeps the word, so a name taken off every page would stay in the index
as ``"zebede":[]``.  So each output folder keeps, in ``.coprodoc-output``
(a file with no names in it), what it was written with:

- a fingerprint of everything that decides who may be shown how: the
  registry, how unknown contributors and commit subjects are shown, the
  history and who is who in it, and the names commit subjects are redacted
  of.  When it differs, every page is written again and the search index is
  rebuilt from clean.  It is kept per output folder, not in the environment,
  because builders share the environment: a record or text build in between
  must not make the HTML folder look up to date;
- the pages written, so that the output of a page whose source is gone is
  deleted (by whichever builder next writes to the folder);
- the record files and exports written, so that switching them off deletes
  the old ones instead of leaving them published.

The fingerprint is kept only once a build has written every page it had
to: a build that stops half-way (an error, Ctrl-C) or writes only the files
named on the command line leaves it blank, so the next build writes every
page and the index again.  Builders may share one environment (``make html``
then ``make epub``): the folder also keeps the environment's write token
(see :attr:`coprodoc.data.CoprodocData.write_log`), and writes the pages
another builder was asked to write since (every page, if that was too long
ago).  Titles and tables of contents appear on other pages
(their sidebars, "Next" links); when a page's title or contents change, or a
page is removed, every HTML page is written again, as a fresh build would.
Doctrees of removed pages are deleted from the doctree folder.

After every HTML build, words that no page holds any more are removed from
the search index: from Sphinx's index in memory once every page is written
(``html-collect-pages``, before Sphinx writes the index), and, should any be
left, from the written file.
"""

from __future__ import annotations

import json
import os
from hashlib import sha256
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from coprodoc.authorship import page_name
from coprodoc.config import settings
from coprodoc.data import ALL_PAGES, get_data
from coprodoc.patterns import compile_later
from coprodoc.state import docs_read, get_registry, requested, to_write

MARKER = ".coprodoc-output"
#: Builders that write no pages, so have nothing to keep up to date.
NO_PAGES = frozenset({"coprodoc-record", "dummy"})
_PREFIX, _SUFFIX = "Search.setIndex(", ")"
_PENDING: dict[int, dict[str, Any]] = {}
#: Pages whose doctrees were resolved for writing in this build, per application.
_RESOLVED: dict[int, set[str]] = {}
#: Title and contents of each page about to be read again, as the last build
#: had them (None: a page was removed), per application.
_NAVIGATION: dict[int, dict[str, str] | None] = {}

#: Extra files (the record, exports) written by this build, per application.
_WRITTEN: dict[int, list[str]] = {}


def _index_path(app: Sphinx) -> Path | None:
    """The search index as JavaScript (``searchindex.js``); None for
    builders that write it in another format (``pickle``, ``json``), whose
    words are dropped in memory only."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return None
    if not builder.searchindex_filename.endswith(".js"):
        return None
    return Path(builder.outdir) / builder.searchindex_filename


def read_marker(outdir: Path) -> dict[str, Any]:
    try:
        found = json.loads((outdir / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def shown_digest(app: Sphinx, env: BuildEnvironment) -> str:
    data = get_data(env)
    config = settings(app)
    return sha256(
        repr(
            [
                get_registry(env).digest,
                config.unknown_contributors,
                config.commit_subjects,
                data.history_head[1] if data.history_head else None,
                data.redaction_digest,
            ]
        ).encode()
    ).hexdigest()


def page_outputs(app: Sphinx, docname: str) -> list[Path]:
    """The files a builder writes for one page."""
    builder = app.builder
    outdir = Path(builder.outdir)
    targets: list[Path] = []
    if isinstance(builder, StandaloneHTMLBuilder):
        targets.append(Path(builder.get_outfilename(docname)))
        targets += source_copies(app, docname)
        targets.append(Path(builder.get_outfilename(page_name(docname))))
    suffix = getattr(builder, "out_suffix", "")
    if suffix:
        targets.append(outdir / f"{docname}{suffix}")
    if builder.name == "gettext":  # a page's own catalog (a top-level page's)
        targets.append(outdir / f"{docname}.pot")
    return targets


def source_copies(app: Sphinx, docname: str) -> list[Path]:
    """Where the HTML builder may copy a page's source (``_sources``)."""
    outdir = Path(app.builder.outdir) / "_sources"
    # Sphinx adds html_sourcelink_suffix unless the source ends with it
    link_suffixes = {app.config.html_sourcelink_suffix, ""}
    return [
        outdir / f"{docname}{suffix}{link_suffix}"
        for suffix in app.config.source_suffix
        for link_suffix in link_suffixes
    ]


def rebuild_when_shown_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: delete what removed pages left; every page again,
    and a fresh index, when what may be shown changed since this output
    folder was written (after the history step, which decides part of it)."""
    if app.builder.name in NO_PAGES:
        return []
    outdir = Path(app.outdir)
    before = read_marker(outdir)
    digest = shown_digest(app, env)
    _PENDING[id(app)] = {"shown": digest, "files": before.get("files", [])}
    outdir_resolved = outdir.resolve()
    for docname in set(before.get("pages", [])) - set(env.found_docs):
        for target in page_outputs(app, docname):
            if target.is_file() and outdir_resolved in target.resolve().parents:
                target.unlink()
    written_before = outdir.is_dir() and any(
        path.name != MARKER for path in outdir.iterdir()
    )
    if written_before:  # blank until this build has written every page
        _write_marker(outdir, "", before.get("pages", []), before.get("files", []))
    if not written_before:
        return []
    # another builder sharing the environment may have taken changes these
    # pages must show (records, history, titles): they are written here too
    missed = get_data(env).missed_since(before.get("token"))
    if before.get("shown") == digest and missed is not None:
        return to_write(env, missed, note=False)
    _PENDING[id(app)]["rewrite"] = True
    path = _index_path(app)
    if path is not None and before.get("shown") != digest:
        path.unlink(missing_ok=True)
    return sorted(env.found_docs)


def _write_marker(
    outdir: Path, shown: str, pages: list[str], files: list[str], token: str = ""
) -> None:
    marker = {
        "shown": shown,
        "token": token,
        "pages": sorted(pages),
        "files": sorted(files),
    }
    (outdir / MARKER).write_text(json.dumps(marker, indent=1) + "\n", "utf-8")


def _navigation(env: BuildEnvironment, docname: str) -> str:
    """What other pages show of *docname*: its title and its table of
    contents (section titles, toctree captions and entries)."""
    parts = [
        env.titles.get(docname),
        env.longtitles.get(docname),
        env.tocs.get(docname),
    ]
    return "\n".join(part.pformat() if part is not None else "" for part in parts)


def note_navigation(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """``env-get-outdated``: the titles and contents of the pages about to be
    read again, as they were (the pages are not cleared yet)."""
    if removed:
        _NAVIGATION[id(app)] = None
    else:
        _NAVIGATION[id(app)] = {
            docname: _navigation(env, docname)
            for docname in changed
            if docname in env.titles
        }
    return []


def rewrite_when_navigation_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: every HTML page again when a page read again shows
    another title or contents, or a page was removed: other pages show them
    in their sidebars and links, and would keep a name taken out of a title
    until they are written again."""
    before = _NAVIGATION.pop(id(app), {})
    if before is not None and all(
        _navigation(env, docname) == old for docname, old in before.items()
    ):
        return []
    if not isinstance(app.builder, StandaloneHTMLBuilder):
        get_data(env).note_write((ALL_PAGES,))  # for the HTML folders
        return []
    return to_write(env, env.found_docs)


def note_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: *docname* is being written in this build."""
    _RESOLVED.setdefault(id(app), set()).add(docname)


def written_in_this_build(app: Sphinx) -> set[str]:
    """The pages this build has written so far."""
    return _RESOLVED.get(id(app), set())


def _wrote_every_page(app: Sphinx, pending: dict[str, Any], resolved: set[str]) -> bool:
    """Whether the pages this build had to write were all written: the pages
    it read, those coprodoc asked for, and every page when what may be shown
    changed.  Not so when only the files named on the command line were.
    Builders that write the whole site at once (singlehtml, latex, man,
    texinfo) always write everything."""
    if type(app.builder).write_documents is not Builder.write_documents:
        return True
    env = app.env
    expected = docs_read(env) | requested(env)
    if pending.get("rewrite"):
        expected |= set(env.found_docs)
    return expected <= resolved


def note_written(app: Sphinx, names: list[str]) -> None:
    """The record (or an export) wrote these files into the output folder."""
    _WRITTEN.setdefault(id(app), []).extend(names)


def remember_what_was_shown(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (after the record is written): the marker, and
    the record files and exports that were not written again deleted."""
    pending = _PENDING.pop(id(app), None)
    written = _WRITTEN.pop(id(app), [])
    resolved = _RESOLVED.pop(id(app), set())
    if exception is not None:
        return
    _drop_removed_doctrees(app)  # the record builder's folder too
    if pending is None:
        return
    outdir = Path(app.outdir)
    for name in set(pending["files"]) - set(written):
        stale = outdir / name
        if stale.is_file() and "/" not in name:
            stale.unlink()
    outdir.mkdir(parents=True, exist_ok=True)
    shown = pending["shown"] if _wrote_every_page(app, pending, resolved) else ""
    token = get_data(app.env).write_token
    _write_marker(outdir, shown, list(app.env.found_docs), written, token)


def _drop_removed_doctrees(app: Sphinx) -> None:
    """Sphinx keeps the doctree of a removed page, names and all, in the
    doctree folder, which may be inside the published folder
    (``OUT/.doctrees``): delete it."""
    top = os.fspath(app.doctreedir)
    pages = app.env.all_docs
    for folder, subfolders, files in os.walk(top):  # strings: 800 pages in 2 ms
        subfolders[:] = [  # another build's doctrees (-d dts/cy): not ours
            name
            for name in subfolders
            if not os.path.exists(os.path.join(folder, name, "environment.pickle"))
        ]
        prefix = os.path.relpath(folder, top).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        for name in files:
            if name.endswith(".doctree") and prefix + name[:-8] not in pages:
                Path(folder, name).unlink(missing_ok=True)


def forget_empty_words(app: Sphinx) -> list[Any]:
    """``html-collect-pages`` (every page indexed, the index not yet
    written): drop the words no page holds from Sphinx's index, so that it
    is written without them and :func:`drop_empty_words` need not read it
    back (about 20 ms on a 70-page site, and more the larger the index).
    The word lists are private to Sphinx: if they are not where they were,
    nothing is dropped here and the written file is mended instead."""
    indexer = getattr(app.builder, "indexer", None)
    for name in ("_mapping", "_title_mapping"):
        words = getattr(indexer, name, None)
        if isinstance(words, dict):
            for word in [word for word, pages in words.items() if not pages]:
                del words[word]
    return []


#: An empty list in the index, however it is spaced (Sphinx writes ``:[]``).
_EMPTY_LIST = compile_later(r":\s*\[\s*\]")


def drop_empty_words(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: remove words no page holds from the index."""
    path = _index_path(app)
    if exception is not None or path is None or not path.is_file():
        return
    text = path.read_text("utf-8")
    if not (text.startswith(_PREFIX) and text.endswith(_SUFFIX)):
        return
    if not _EMPTY_LIST.search(text):  # no empty list at all: nothing to drop
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


def keep_marker_out_of_epub(app: Sphinx, config: Config) -> None:
    """``config-inited``: the epub builder warns about every file it has no
    type for (failing ``-W``); the marker is not part of the book."""
    excluded = list(getattr(config, "epub_exclude_files", None) or [])
    if MARKER not in excluded:
        config.epub_exclude_files = [*excluded, MARKER]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", keep_marker_out_of_epub)
    # after the history step: who may be shown depends on it
    app.connect("env-updated", rebuild_when_shown_changes, priority=900)
    app.connect("env-get-outdated", note_navigation)
    app.connect("env-updated", rewrite_when_navigation_changes, priority=900)
    app.connect("doctree-resolved", note_resolved)
    app.connect("html-collect-pages", forget_empty_words)
    app.connect("build-finished", drop_empty_words)
    # after the record files are written (default priority 500)
    app.connect("build-finished", remember_what_was_shown, priority=900)
