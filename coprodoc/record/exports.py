"""``.all-contributorsrc`` and ``CITATION.cff``, made from a record.

Both are made from the record alone, so they can be made again from a
published ``coprodoc-record.json`` (``coprodoc record export``), and they
show people exactly as the record does: by name or pseudonym when the person
chose that, groups by their name, and nobody else.  Anonymous people, people
credited only as a member of a group, and git authors the registry does not
know are left out (their group is credited instead where they have one).
"""

from __future__ import annotations

import json
from typing import Any

EXPORTS = {"all-contributors": ".all-contributorsrc", "cff": "CITATION.cff"}


def credited(record: dict[str, Any]) -> list[dict[str, Any]]:
    """People (by name or pseudonym) then groups, each with every role the
    record gives them, in the record's order."""
    roles: dict[str, list[str]] = {}

    def add(ref: str, found: list[str]) -> None:
        listed = roles.setdefault(ref, [])
        listed.extend(r for r in found if r not in listed)

    people = {p["id"]: p for p in record["people"]}
    for person in record["people"]:
        add(person["id"], person["roles"])
    for document in record["documents"]:
        for section in document["sections"]:
            for item in section["contributions"]:
                for ref in item["by"]:
                    add(ref, item["roles"])
            for item in section["git_contributors"]:
                add(item["person"], item["roles"])
    # group-only people are credited through their group
    for ref, person in people.items():
        if person["kind"] == "person" and person["display"] == "group-only":
            for group in person["groups"][:1]:
                add(group, roles.get(ref, []))
    result = []
    for kind in ("person", "group"):
        for ref, person in people.items():
            if person["kind"] != kind:
                continue
            if kind == "person" and person["display"] not in ("name", "pseudonym"):
                continue
            result.append({**person, "roles": roles.get(ref, [])})
    return result


def all_contributors(record: dict[str, Any], owner: str = "") -> str:
    """An ``.all-contributorsrc``.  ``login`` is the registry id (opaque, as
    in the sources): coprodoc does not know people's GitHub accounts, and a
    pseudonymous person's account would say who they are."""
    contributors = []
    for person in credited(record):
        types: list[str] = []
        for role in person["roles"]:
            for kind in record["roles"].get(role, {}).get("all_contributors", []):
                if kind not in types:
                    types.append(kind)
        contributors.append(
            {
                "login": person["id"],
                "name": person["shown_as"],
                "avatar_url": "",
                "profile": "",
                "contributions": types or ["ideas"],
            }
        )
    config = {
        "projectName": record["project"]["name"],
        "projectOwner": owner,
        "files": ["README.md"],
        "imageSize": 100,
        "commit": False,
        "contributorsPerLine": 7,
        "contributors": contributors,
    }
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def citation_cff(record: dict[str, Any], fallback_author: str = "") -> str:
    """A ``CITATION.cff`` (CFF 1.2.0).  A person appears by the name they
    chose to be shown by, as ``alias``: coprodoc does not guess how a name
    splits into given and family names.  Groups are entities."""
    lines = [
        "# Made by coprodoc from the contribution record: edit the registry,",
        "# not this file.",
        "cff-version: 1.2.0",
        "message: "
        + _yaml_string("If you use or cite this policy, please cite it as below."),
        "title: " + _yaml_string(record["project"]["name"] or "Untitled policy"),
        "authors:",
    ]
    authors = credited(record)
    for person in authors:
        key = "alias" if person["kind"] == "person" else "name"
        lines.append(f"  - {key}: {_yaml_string(person['shown_as'])}")
    if not authors:
        lines.append(f"  - name: {_yaml_string(fallback_author or 'The authors')}")
    version = record["project"].get("version")
    if version:
        lines.append("version: " + _yaml_string(str(version)))
    commit = record["source"].get("commit")
    if commit:
        lines.append("commit: " + _yaml_string(commit))
    return "\n".join(lines) + "\n"
