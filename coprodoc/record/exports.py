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
from urllib.parse import urlsplit

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


#: The all-contributors types whose default link is built from ``login`` as
#: an account on the forge (commits, issues or reviews by that account).
#: coprodoc's logins are registry ids, not accounts, so these types are
#: given again, with the CLI's own symbol and description, and no link.
LINKED_TYPES = {
    "bug": {"symbol": "🐛", "description": "Bug reports"},
    "code": {"symbol": "💻", "description": "Code"},
    "doc": {"symbol": "📖", "description": "Documentation"},
    "review": {"symbol": "👀", "description": "Reviewed Pull Requests"},
    "test": {"symbol": "⚠️", "description": "Tests"},
}

#: Each person's cell: their picture only when they have one (coprodoc gives
#: none, and the CLI's own template would draw a broken image), the name
#: HTML-escaped, and a profile link only when there is a profile.
CONTRIBUTOR_TEMPLATE = (
    '<% if (contributor.profile) { %><a href="<%- contributor.profile %>"><% } %>'
    "<% if (contributor.avatar_url) { %>"
    '<img src="<%- contributor.avatar_url %>?s=<%= options.imageSize %>" '
    'width="<%= options.imageSize %>px;" alt=""/><br /><% } %>'
    "<sub><b><%- contributor.name || contributor.login %></b></sub>"
    "<% if (contributor.profile) { %></a><% } %><br /><%= contributions %>"
)


def forge(address: str | None) -> dict[str, str]:
    """What the all-contributors CLI calls the repository: owner, name, and
    its host and type when they are not GitHub's defaults."""
    parts = urlsplit(address or "")
    path = [part for part in parts.path.split("/") if part]
    if not parts.hostname or len(path) < 2:
        return {}
    name = path[-1].removesuffix(".git")
    found = {"projectOwner": "/".join(path[:-1]), "projectName": name}
    host = parts.hostname.lower()
    if host == "github.com":
        return {**found, "repoType": "github"}
    found["repoType"] = "gitlab" if "gitlab" in host else "github"
    if host != "gitlab.com":
        found["repoHost"] = f"{parts.scheme}://{parts.netloc}"
    return found


def all_contributors(record: dict[str, Any]) -> str:
    """An ``.all-contributorsrc``.  ``login`` is the registry id (opaque, as
    in the sources): coprodoc does not know people's accounts, and a
    pseudonymous person's account would say who they are.  So no link is
    made from it, and nobody gets a picture."""
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
                "contributions": types or ["ideas"],
            }
        )
    name = record["project"]["name"] or "Untitled policy"
    # Without a repository, the project's name stands for both: the CLI
    # refuses an empty owner, and nothing links to it.
    config = {
        "projectName": name,
        "projectOwner": name,
        **forge(record["project"].get("repository")),
        "files": ["README.md"],
        "imageSize": 100,
        "commit": False,
        "contributorsPerLine": 7,
        "contributorTemplate": CONTRIBUTOR_TEMPLATE,
        "types": LINKED_TYPES,
        "contributors": contributors,
    }
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def cff_author(person: dict[str, Any]) -> list[str]:
    """One entry of ``authors:``.  A person the record names with
    ``given_names``/``family_names`` (from the registry, for people shown by
    name) is cited by them; anyone else by the name they are shown by, as
    ``alias``: coprodoc never guesses how a name splits.  Groups are
    entities."""
    if person["kind"] != "person":
        return [f"  - name: {_yaml_string(person['shown_as'])}"]
    fields = [
        ("given-names", person.get("given_names")),
        ("family-names", person.get("family_names")),
    ]
    named = [(key, value) for key, value in fields if value]
    if not named:
        named = [("alias", person["shown_as"])]
    if person.get("orcid"):
        named.append(("orcid", person["orcid"]))
    lines = [f"{key}: {_yaml_string(value)}" for key, value in named]
    return ["  - " + lines[0], *("    " + line for line in lines[1:])]


def citation_cff(record: dict[str, Any], fallback_author: str = "") -> str:
    """A ``CITATION.cff`` (CFF 1.2.0): people and groups as
    :func:`cff_author` gives them."""
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
        lines += cff_author(person)
    if not authors:
        lines.append(f"  - name: {_yaml_string(fallback_author or 'The authors')}")
    version = record["project"].get("version")
    if version:
        lines.append("version: " + _yaml_string(str(version)))
    repository = record["project"].get("repository")
    if repository:
        lines.append("repository-code: " + _yaml_string(repository))
    commit = record["source"].get("commit")
    if commit:
        lines.append("commit: " + _yaml_string(commit))
    return "\n".join(lines) + "\n"
