"""``coprodoc init``: plan the files of a new site, then write them.

Nothing is written until every file can be: a folder in the way that is a
file (``.github``), a symbolic link where a file would go (written through,
it could change a file anywhere), or an existing page the new ``index.md``
would shadow, stops the command before any change.  ``--force`` replaces
existing files, keeping each as the first free ``NAME.bak``, ``NAME.bak.1``
and so on, never overwriting an earlier copy.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coprodoc.scaffold import DOCUMENTATION, FILES, RAW

#: Other first pages that a new index.md would shadow.
OTHER_INDEXES = ("index.rst", "index.txt")


@dataclass
class Plan:
    """What writing the site would do, and what stands in the way."""

    folder: Path
    blocked: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


#: Folder names that say nothing about the policy: a title is not made
#: from them ("Site", "Docs").
GENERIC_FOLDERS = frozenset(
    {
        "book",
        "doc",
        "docs",
        "documentation",
        "html",
        "main",
        "new",
        "policies",
        "policy",
        "project",
        "repo",
        "site",
        "source",
        "sphinx",
        "src",
        "web",
        "website",
        "www",
    }
)
DEFAULT_TITLE = "Our policy"


def project_name(folder: Path) -> str | None:
    """A title made from *folder*'s name, in sentence case as public bodies
    write titles ("tenant-involvement-policy" → "Tenant involvement
    policy"); None for a name that says nothing ("site", "docs")."""
    words = " ".join(folder.resolve().name.replace("-", " ").replace("_", " ").split())
    if not words or words.casefold() in GENERIC_FOLDERS:
        return None
    return words[0].upper() + words[1:]


def clean_title(title: str) -> str:
    """A title as one line of text."""
    return " ".join(title.split())


def template_values(project: str) -> dict[str, str]:
    """Values for the templates; the ``*_literal`` ones are Python string
    literals, so any folder name gives a ``conf.py`` that loads."""
    from coprodoc import __version__

    year = date.today().year
    return {
        "version": __version__,
        "documentation": DOCUMENTATION,
        "project": project,
        "today": date.today().isoformat(),
        "project_literal": repr(project),
        "author_literal": repr(f"{project} contributors"),
        "copyright_literal": repr(f"{year}, {project} contributors"),
    }


def plan(folder: Path) -> Plan:
    result = Plan(folder)
    for name in FILES:
        target = folder / name
        parent = target.parent
        while parent != folder and not parent.exists():
            parent = parent.parent
        if parent.exists() and not parent.is_dir():
            result.blocked.append(
                f"{parent.relative_to(folder)} is a file, so {name} cannot be "
                "written inside it"
            )
        elif target.is_symlink():
            result.blocked.append(
                f"{name} is a symbolic link; coprodoc init does not write "
                "through links (remove it, or point it elsewhere)"
            )
        elif target.is_dir():
            result.blocked.append(f"{name} is a folder")
        elif target.exists():
            result.existing.append(name)
    result.existing += [
        name
        for name in OTHER_INDEXES
        if (folder / name).exists() or (folder / name).is_symlink()
    ]
    return result


def backup_path(target: Path) -> Path:
    """The first free ``NAME.bak``, ``NAME.bak.1``, ... beside *target*."""
    candidate = target.with_name(target.name + ".bak")
    number = 0
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = target.with_name(f"{target.name}.bak.{number}")
    return candidate


def write(site: Plan, force: bool, title: str) -> list[str]:
    """Write the files of *site*, for a policy called *title*; return their
    names.  Existing files are kept as backups (with *force*); a shadowed
    first page is moved aside."""
    values = template_values(clean_title(title) or DEFAULT_TITLE)
    for name in site.existing:
        target = site.folder / name
        if name in OTHER_INDEXES:
            target.rename(backup_path(target))
        elif force:
            shutil.copy2(target, backup_path(target))
    written = []
    for name, template in FILES.items():
        target = site.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = template if name in RAW else template.format(**values)
        target.write_text(text, "utf-8")
        written.append(name)
    return written
