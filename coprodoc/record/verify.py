"""``coprodoc record verify``: does a published record match its sources?

The record names the commit it was made from.  Verifying checks that commit
out into a temporary clone (sharing the repository's objects, so nothing in
the repository changes), makes the record again with the ``coprodoc-record``
builder, and compares the two field by field.  Only ``generated`` (the time
the record was made) may differ.  Anything else that differs was edited by
hand, or made from changes that were never committed.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from coprodoc import gitrepo
from coprodoc.record.files import JSON_NAME

#: Fields that may differ between two honest records of the same commit.
IGNORED = {"generated"}
#: The fields each schema version added (anywhere in the record), so that a
#: record made by an older coprodoc is compared on the fields it has; any
#: other field it lacks is still a difference.
ADDED_IN = {
    "1.1": frozenset(
        {
            "confirmed_by",
            "confirmed",
            "confirmed_via",
            "closure",
            "question",
            "chair",
            "question_changes",
            "unconfirmed_resolutions",
            "outside_share",
            "lists_records",
        }
    ),
}
#: Keys that name the items of a list, so a report can say which one.
ITEM_KEYS = ("docname", "id", "sha", "person")
MAX_REPORTED = 40


class VerifyError(Exception):
    """The record could not be checked at all (not a mismatch)."""


@dataclass
class Verdict:
    commit: str
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def report(self) -> str:
        lines = list(self.notes)
        if self.ok:
            lines.append(
                f"The record matches the sources at commit {self.commit[:12]}."
            )
        else:
            count = len(self.differences)
            lines.append(
                f"The record does not match the sources at commit "
                f"{self.commit[:12]}: {count} difference{'s' if count != 1 else ''}."
            )
            lines += [f"  - {d}" for d in self.differences[:MAX_REPORTED]]
            if count > MAX_REPORTED:
                lines.append(f"  ... and {count - MAX_REPORTED} more")
        return "\n".join(lines)


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ITEM_KEYS:
            if isinstance(item.get(key), str):
                return str(item[key])
    return str(index)


def differences(published: Any, derived: Any, path: str = "") -> Iterator[str]:
    """Readable differences: where, what the record says, what the sources say.

    Lists are compared item by item, in order: a repeated item, a missing
    one or a change of order is a difference (matching items by id would let
    a forged copy placed before the genuine one pass).  Types are compared
    strictly: ``0`` is not ``false``, ``"1"`` is not ``1``.
    """
    if isinstance(published, dict) and isinstance(derived, dict):
        for key in sorted(published.keys() | derived.keys()):
            if not path and key in IGNORED:
                continue
            where = f"{path}.{key}" if path else key
            if key not in derived:
                yield f"{where}: in the record, but not in the sources"
            elif key not in published:
                yield f"{where}: in the sources, but missing from the record"
            else:
                yield from differences(published[key], derived[key], where)
        return
    if isinstance(published, list) and isinstance(derived, list):
        for index in range(max(len(published), len(derived))):
            if index >= len(derived):
                label = _label(published[index], index)
                yield f"{path}[{label}]: in the record, but not in the sources"
            elif index >= len(published):
                label = _label(derived[index], index)
                yield f"{path}[{label}]: in the sources, but missing from the record"
            else:
                label = _label(derived[index], index)
                yield from differences(
                    published[index], derived[index], f"{path}[{label}]"
                )
        return
    if type(published) is not type(derived) or published != derived:
        yield (
            f"{path}: the record says {json.dumps(published, ensure_ascii=False)}, "
            f"the sources say {json.dumps(derived, ensure_ascii=False)}"
        )


def _without(value: Any, keys: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {k: _without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [_without(item, keys) for item in value]
    return value


def as_published(
    published: dict[str, Any], derived: dict[str, Any], notes: list[str]
) -> dict[str, Any]:
    """*derived* in the schema version of the *published* record, when that
    is an older one this coprodoc knows (see :data:`ADDED_IN`)."""
    made_by = published.get("coprodoc_version")
    if made_by != derived.get("coprodoc_version"):
        notes.append(
            f"Note: the record was made by coprodoc {made_by}, and this is coprodoc "
            f"{derived.get('coprodoc_version')}: a difference may come from a "
            "change in coprodoc itself (see its changelog); for an exact answer, "
            f"verify with coprodoc=={made_by}."
        )
        derived = {**derived, "coprodoc_version": made_by}
    version = published.get("schema_version")
    newer = [v for v in ADDED_IN if isinstance(version, str) and _older(version, v)]
    if not newer:
        return derived
    dropped = frozenset().union(*(ADDED_IN[v] for v in newer))
    notes.append(
        f"Note: the record follows schema {version}; the fields added since "
        f"({', '.join(sorted(dropped))}) are not compared."
    )
    return {**_without(derived, dropped), "schema_version": version}


def _older(version: str, than: str) -> bool:
    try:
        return tuple(map(int, version.split("."))) < tuple(map(int, than.split(".")))
    except ValueError:
        return False


def _source_folder(clone: Path, path: object) -> Path:
    """The site's folder inside the clone; never anywhere else."""
    if path is not None and not isinstance(path, str):
        raise VerifyError("the record's source.path is not text")
    relative = Path(path or ".")
    folder = (clone / relative).resolve()
    if relative.is_absolute() or (
        folder != clone.resolve() and clone.resolve() not in folder.parents
    ):
        raise VerifyError(
            f"the record's source.path {path!r} points outside the repository; "
            "it cannot be checked"
        )
    return folder


def _say(status: IO[str] | None, message: str) -> None:
    if status is not None:
        status.write(message + "\n")
        status.flush()


def make_record(
    srcdir: Path, outdir: Path, doctreedir: Path, status: IO[str] | None = None
) -> dict[str, Any]:
    """Build the record of *srcdir* with the ``coprodoc-record`` builder,
    with Sphinx's status output (its progress, and the history replay's) on
    *status*, or nowhere."""
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    if status is not None and not (hasattr(status, "isatty") and status.isatty()):
        nocolor()  # as sphinx-build does when its output is not a terminal

    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(
            srcdir,
            srcdir,
            outdir,
            doctreedir,
            "coprodoc-record",
            confoverrides={"coprodoc_reproducible_record": True},
            status=status if status is not None else io.StringIO(),
            warning=io.StringIO(),
            freshenv=True,
        )
        app.build()
    return json.loads((outdir / JSON_NAME).read_text("utf-8"))  # type: ignore[no-any-return]


def verify(
    record_path: Path, repository: Path | None = None, status: IO[str] | None = None
) -> Verdict:
    """Check the record at *record_path* against the repository it names;
    with *status*, say how far it is (checking out, then Sphinx's own
    progress as it makes the record again)."""
    try:
        published = json.loads(record_path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise VerifyError(f"cannot read {record_path} as a record: {exc}") from exc
    source = published.get("source") if isinstance(published, dict) else None
    if not isinstance(source, dict) or not source.get("commit"):
        raise VerifyError(
            "the record names no commit (it was not made in a git repository), "
            "so there is nothing to check it against"
        )
    commit = str(source["commit"])
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise VerifyError(f"the record's commit {commit[:80]!r} is not a commit id")
    start = repository or Path.cwd()
    try:
        root = gitrepo.status(start).root
    except gitrepo.GitError as exc:
        raise VerifyError(str(exc)) from exc
    if not gitrepo.has_commit(root, commit):
        raise VerifyError(
            f"commit {commit[:12]} is not in the repository at {root}; fetch it "
            "first (for example 'git fetch --unshallow')"
        )
    verdict = Verdict(commit)
    if source.get("dirty"):
        verdict.notes.append(
            "Note: the record says it was made with changes that were not "
            "committed; those changes cannot be checked."
        )
    with tempfile.TemporaryDirectory(prefix="coprodoc-verify-") as scratch:
        clone = Path(scratch) / "repository"
        _say(status, f"checking out commit {commit[:12]} into a temporary folder...")
        try:
            gitrepo.checkout_copy(root, commit, clone)
        except gitrepo.GitError as exc:
            raise VerifyError(str(exc)) from exc
        srcdir = _source_folder(clone, source.get("path"))
        if not (srcdir / "conf.py").is_file():
            raise VerifyError(f"no conf.py in {source.get('path')!r} at that commit")
        _say(status, "making the record again from that commit...")
        derived = make_record(
            srcdir, Path(scratch) / "out", Path(scratch) / "doctrees", status
        )
    _say(status, "comparing the two records...")
    derived = as_published(published, derived, verdict.notes)
    verdict.differences = sorted(differences(published, derived))
    return verdict
