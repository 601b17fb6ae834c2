"""What ``coprodoc check`` reports: the findings of reading a site.

coprodoc's own warnings are taken as they are given (see
:func:`coprodoc.logs.collecting`), with their type and place; other
warnings (Sphinx's, docutils', MyST's) are read from the text Sphinx prints.
Notes about the history (commits whose subject needed redaction, or that name
someone who is not shown) come from the history the build gathered; they
never make the check fail.

Given files rather than a folder (as pre-commit gives them), or files
changed since a commit (``--changed-since``), the check reads the whole site
and reports only what is in those files; a changed ``conf.py``, registry,
rule folder or ``.mailmap`` affects every page, so it reports the whole
site.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from coprodoc.logs import SEVERITY, Reported, collecting
from coprodoc.patterns import compile_later


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    severity: str
    type: str
    message: str


@dataclass(frozen=True)
class Target:
    """A site to read, and the files to report on (None: all of it)."""

    site: Path
    files: frozenset[Path] | None = None


def site_of(path: Path) -> Path | None:
    """The nearest folder above *path* with a ``conf.py``, looking no
    further than the top of its git repository."""
    for folder in path.parents:
        if (folder / "conf.py").is_file():
            return folder
        if (folder / ".git").exists():
            return None
    return None


def targets(paths: list[Path]) -> tuple[list[Target], list[str], list[Path]]:
    """The sites *paths* name (folders, or files inside sites), the problems
    that stop the check, and the files that belong to no site."""
    sites: dict[Path, set[Path] | None] = {}
    problems: list[str] = []
    outside: list[Path] = []
    for path in paths:
        full = path.resolve()
        if full.is_dir():
            if not (full / "conf.py").is_file():
                problems.append(
                    f"there is no conf.py in {full}. Run it in the folder of your "
                    "policy site, or give that folder: coprodoc check FOLDER"
                )
            sites[full] = None
        elif not full.exists():
            problems.append(f"there is no file or folder {path}")
        elif (site := site_of(full)) is None:
            outside.append(path)
        elif (files := sites.setdefault(site, set())) is not None:
            files.add(full)
    found = [
        Target(site, None if files is None else frozenset(files))
        for site, files in sites.items()
    ]
    return found, problems, outside


def site_wide(app: Any) -> tuple[set[Path], tuple[Path, ...]]:
    """Files, and folders, a change to which can change the findings of every
    page: ``conf.py`` (settings, language rules written there), the
    contributors registry, the Vale style folders, and the repository's
    ``.mailmap`` and ``.git-blame-ignore-revs`` (who is who, and which
    changes take credit)."""
    from coprodoc import gitrepo
    from coprodoc.config import registry_path, settings

    confdir = Path(app.confdir)
    files = {confdir / "conf.py", registry_path(app)}
    try:
        root = gitrepo.status(Path(app.srcdir)).root
    except gitrepo.GitError:
        root = confdir
    files |= {root / ".mailmap", root / ".git-blame-ignore-revs"}
    folders = tuple(
        (confdir / folder).resolve() for folder in settings(app).vale_styles
    )
    return {path.resolve() for path in files}, folders


def touches_whole_site(files: frozenset[Path], app: Any) -> bool:
    """Whether any of *files* is one every page depends on."""
    wide, folders = site_wide(app)
    return bool(files & wide) or any(
        folder == path or folder in path.parents for path in files for folder in folders
    )


def only_in(found: list[Finding], files: frozenset[Path], app: Any) -> list[Finding]:
    """The findings located in *files*; all of them when one of the files is
    one every page depends on (see :func:`site_wide`)."""
    if touches_whole_site(files, app):
        return found
    return [f for f in found if f.path and Path(f.path).resolve() in files]


_WARNING = compile_later(
    r"^(?:(?P<path>[^\n]*?):(?:(?P<line>\d+):)? )?(?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$"
)


_TYPE_AT_END = compile_later(r" \[(?P<type>[\w.-]+)\]$")


def parse_warnings(text: str) -> list[Finding]:
    """Sphinx's warnings (``path:line: WARNING: message [type]``) that are
    not coprodoc's (those are taken as given).  A message over several lines
    (docutils' ``Error in "contribution" directive:`` then what the error
    is, then the block) is read up to its first blank line, and its type
    from its last line."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # colours, when Sphinx adds them
    warnings: list[tuple[re.Match[str], list[str]]] = []
    for line in text.splitlines():
        if match := _WARNING.match(line):
            warnings.append((match, []))
        elif warnings:
            warnings[-1][1].append(line)
    return [found for match, more in warnings for found in _finding(match, more)]


def _finding(match: re.Match[str], more: list[str]) -> list[Finding]:
    """One warning (its first line matched, the lines after it), unless it is
    coprodoc's own."""
    at_end = _TYPE_AT_END.search(more[-1]) if more else None
    kind = match.group("type") or (at_end.group("type") if at_end else "sphinx")
    if kind.startswith("coprodoc."):
        return []
    lines = [match.group("message")]
    for line in more:
        if not line.strip():
            break
        lines.append(_TYPE_AT_END.sub("", line.strip()))
    return [
        Finding(
            path=match.group("path") or "",
            line=int(match.group("line")) if match.group("line") else None,
            severity="warning" if match.group("level") == "WARNING" else "error",
            type=kind,
            message=" ".join(line for line in lines if line),
        )
    ]


def place(app: Any, location: Any) -> tuple[str, int | None]:
    """A warning's location as (path, line), the way Sphinx prints it."""
    from docutils import nodes
    from sphinx.util.logging import get_node_location

    if isinstance(location, nodes.Node):
        location = get_node_location(location)
    if isinstance(location, tuple):
        docname, line = location
        return str(app.env.doc2path(docname)) if docname else "", line
    if isinstance(location, str) and location:
        path, _sep, line = location.rpartition(":")
        if path and line.isascii() and line.isdigit():
            return path, int(line) or None
        return location, None
    return "", None


def ours(app: Any, reported: list[Reported]) -> list[Finding]:
    """coprodoc's warnings, as given (those ``suppress_warnings`` silences
    are left out, as Sphinx leaves them out)."""
    from sphinx.util.logging import is_suppressed_warning

    suppressed = app.config.suppress_warnings
    findings = []
    for item in reported:
        if is_suppressed_warning("coprodoc", item.subtype, suppressed):
            continue
        path, line = place(app, item.location)
        findings.append(
            Finding(
                path=path,
                line=line,
                severity="note" if item.note else SEVERITY.get(item.subtype, "warning"),
                type=f"coprodoc.{item.subtype}",
                message=item.message,
            )
        )
    return findings


def read_site(
    source: Path,
    verbose: bool,
    files: frozenset[Path] | None = None,
    changed: frozenset[Path] | None = None,
) -> list[Finding]:
    """Read the whole site with Sphinx, writing nothing, and collect findings:
    only those in *files* and in *changed* (files changed since a commit),
    when given, unless those include a file every page depends on (see
    :func:`only_in`)."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    status = sys.stderr if verbose else io.StringIO()
    with (
        tempfile.TemporaryDirectory(prefix="coprodoc-check-") as scratch,
        patch_docutils(source),
        docutils_namespace(),
        collecting() as reported,
    ):
        app = Sphinx(
            source,
            source,
            Path(scratch) / "out",
            Path(scratch) / "doctrees",
            "dummy",
            status=status,
            warning=warnings,
            freshenv=True,
        )
        app.build()
        found = ours(app, reported) + parse_warnings(warnings.getvalue())
        found.sort(key=lambda f: (f.path, f.line or 0))
        found += commit_notes(app)
        for wanted in (files, changed):
            if wanted is not None:
                found = only_in(found, wanted, app)
        return found


#: What ``check`` says of a flagged commit: a note, never a failure, since
#: published history cannot be changed (only future merges can do better).
COMMIT_NOTES = {
    "redacted": (
        "coprodoc.commit-text",
        "its subject names a person who is not shown, or holds an email "
        "address; it is published redacted. Ask for a neutral subject in "
        "future merges",
    ),
    "names-hidden": (
        "coprodoc.hidden-author",
        "git records a person who is not shown by name as its author or in "
        "a trailer. coprodoc never shows them, but the repository's own "
        "history is public wherever the repository is; see the contributors' "
        "guide on taking part without a public git identity",
    ),
}


def commit_notes(app: object) -> list[Finding]:
    """Notes about commits whose text needed redaction, or that name a
    person who is not shown (from the history the build gathered)."""
    from coprodoc.history.changes import change_list

    notes = []
    for change in change_list(app):  # type: ignore[arg-type]
        if change is None:
            continue
        for flag in change.flags:
            kind, text = COMMIT_NOTES[flag]
            notes.append(
                Finding(
                    "",
                    None,
                    "note",
                    kind,
                    f"commit {change.sha[:12]} ({change.date}): {text}",
                )
            )
    return notes


def escape_github(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def relative(path: str) -> str:
    """*path* relative to the current folder, as people (and GitHub's
    annotations) give it, when it is inside it; else as it is."""
    if not path:
        return path
    with contextlib.suppress(ValueError):
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    return path


def format_findings(findings: list[Finding], fmt: str, source: Path) -> str:
    """*findings* as text, GitHub annotations or JSON; paths are relative to
    the current folder in all three."""
    if fmt == "json":
        return json.dumps(
            [{**asdict(f), "path": relative(f.path)} for f in findings], indent=2
        )
    lines = []
    for finding in findings:
        path = relative(finding.path)
        if fmt == "github":
            level = {"error": "error", "note": "notice"}.get(
                finding.severity, "warning"
            )
            props = [f"title={escape_github(finding.type, True)}"]
            if path:
                props.insert(0, f"file={escape_github(path, True)}")
                if finding.line:
                    props.insert(1, f"line={finding.line}")
            lines.append(
                f"::{level} {','.join(props)}::{escape_github(finding.message)}"
            )
        else:
            where = f"{path}:{finding.line}" if finding.line else (path or source.name)
            lines.append(
                f"{where}: {finding.severity}: {finding.message} [{finding.type}]"
            )
    return "\n".join(lines)
