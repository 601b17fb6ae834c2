"""The contribution-role vocabulary, mapped to CRediT and all-contributors.

The mapping lets the record be exported to formats the ecosystem already reads
(``.all-contributorsrc``, CRediT statements).  Co-production roles that have no
CRediT term (translation, Easy Read conversion) map to ``None`` rather than to a
misleading near-miss.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from coprodoc.locale import _


class Role(NamedTuple):
    """One kind of contribution."""

    id: str
    label: str
    credit: str | None = None
    all_contributors: tuple[str, ...] = ()


def _builtin_roles() -> list[Role]:
    # Labels are looked up through sphinx.locale when they are shown, so the
    # list is built on demand rather than at import time.
    return [
        Role(
            "lived-experience-insight",
            _("Lived experience insight"),
            "Conceptualization",
            ("ideas",),
        ),
        Role(
            "facilitation",
            _("Facilitation"),
            "Project administration",
            ("eventOrganizing",),
        ),
        Role(
            "drafting",
            _("Drafting"),
            "Writing \N{EN DASH} original draft",
            ("content",),
        ),
        Role(
            "review", _("Review"), "Writing \N{EN DASH} review & editing", ("review",)
        ),
        Role("user-testing", _("User testing"), "Validation", ("userTesting",)),
        Role("research", _("Research"), "Investigation", ("research",)),
        Role("translation", _("Translation"), None, ("translation",)),
        Role("easy-read", _("Easy Read conversion"), None, ("a11y", "content")),
        Role("illustration", _("Illustration"), "Visualization", ("design",)),
        Role("funding", _("Funding"), "Funding acquisition", ("financial",)),
        # Recorded words: what git credits to the people a block names.
        Role("dissent", _("Dissent"), None, ("ideas",)),
        Role("response", _("Response"), None, ()),
        Role("summary", _("Plain-language summary"), None, ("content",)),
    ]


BUILTIN_ROLE_IDS: tuple[str, ...] = tuple(role.id for role in _builtin_roles())


def role_from_config(role_id: str, spec: Any) -> Role:
    """Build a project-defined role from a ``coprodoc_roles`` entry.

    An entry is either a label string or a mapping with ``label`` and optional
    ``credit`` and ``all-contributors`` (a string or list of strings).  Raises
    ``ValueError`` with a readable reason when the entry has the wrong shape.
    """
    if isinstance(spec, str):
        if not spec.strip():  # ``-D coprodoc_roles.new=``: a role shown as nothing
            raise ValueError("the label is empty")
        return Role(role_id, spec)
    if not isinstance(spec, Mapping):
        raise ValueError("expected a label string or a mapping with 'label'")
    label = spec.get("label", role_id)
    credit = spec.get("credit")
    a_c = spec.get("all-contributors", spec.get("all_contributors", ()))
    if isinstance(a_c, str):
        a_c = (a_c,)
    if not isinstance(label, str) or not (credit is None or isinstance(credit, str)):
        raise ValueError("'label' and 'credit' must be strings")
    if not label.strip():
        raise ValueError("the label is empty")
    if not all(isinstance(item, str) for item in a_c):
        raise ValueError("'all-contributors' must be a string or a list of strings")
    return Role(role_id, label, credit, tuple(a_c))


def vocabulary(extra: Mapping[str, Role] | None = None) -> dict[str, Role]:
    """All roles by id: the built-in ones, then the project's own.

    A project entry with a built-in id replaces the built-in role, so a project
    can relabel ``drafting`` without inventing a new id.
    """
    roles = {role.id: role for role in _builtin_roles()}
    roles.update(extra or {})
    return roles


# --------------------------------------------------------------------------
# Dissent and decision vocabularies.  Ids are what sources write; labels are
# what readers see, through the message catalog.


def dissent_statuses() -> dict[str, str]:
    return {
        "open": _("Open"),
        "responded": _("Responded"),
        "resolved": _("Resolved"),
        "withdrawn": _("Withdrawn"),
    }


def resolutions() -> dict[str, str]:
    return {
        "pending": _("Pending"),
        "accommodated": _("Accommodated"),
        "addressed-not-accommodated": _("Addressed, not accommodated"),
    }


#: Words people write for a status, read as the status they mean (with a
#: warning): only words with one meaning.
STATUS_WORDS = {
    "approved": "accepted",
    "agreed": "accepted",
    "adopted": "accepted",
    "passed": "accepted",
    "carried": "accepted",
    "declined": "rejected",
    "refused": "rejected",
    "turned-down": "rejected",
    "voted-down": "rejected",
    "replaced": "superseded",
    "draft": "proposed",
    "answered": "responded",
}


def decision_statuses() -> dict[str, str]:
    return {
        "proposed": _("Proposed"),
        "accepted": _("Accepted"),
        "rejected": _("Rejected"),
        "superseded": _("Superseded"),
    }


def decision_methods(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Built-in ways of deciding, plus the project's own (id -> label)."""
    methods = {
        "consensus": _("Consensus"),
        "consent": _("Consent"),
        "rough-consensus": _("Rough consensus"),
        "majority": _("Majority vote"),
        "unanimous": _("Unanimous"),
    }
    methods.update(extra or {})
    return methods


def vote_labels() -> dict[str, str]:
    """The count options of a decision, in the order they are shown."""
    return {
        "for": _("for"),
        "against": _("against"),
        "abstain": _("abstained"),
        "block": _("blocked"),
    }
