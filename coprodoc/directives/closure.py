"""What readers see of a resolution's confirmation and of a changed question.

Made when each page is written (the facts come from git after reading, see
:mod:`coprodoc.closure`), in whole translated sentences, with people as
placeholders that :mod:`coprodoc.resolve` then names under the consent
rules.  A resolution nobody who raised the dissent confirmed is said plainly,
in the block's label as well as in its details, because a label is what a
screen reader announces first and what a skimming reader sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from coprodoc.closure import Confirmation, confirmation, question_changes
from coprodoc.config import settings
from coprodoc.data import get_data
from coprodoc.directives.parts import by_line, sentence
from coprodoc.directives.shaped_by import commit_url
from coprodoc.locale import _
from coprodoc.nodes import closure_note, dissent
from coprodoc.people import People, people_of
from coprodoc.state import get_registry


def change_ref(repo_url: Any, sha: str) -> nodes.Node:
    """A change's short id, linked to it when the site says where its
    repository is."""
    url = commit_url(repo_url, sha)
    short = sha[:7]
    return nodes.reference("", short, refuri=url) if url else nodes.literal("", short)


def status_label(label: str, found: Confirmation | None) -> str:
    """A dissent's status as registers show it: "Resolved" says whether the
    person who raised it confirmed it."""
    if found is None:
        return label
    if found.confirmed:
        return _("%s (confirmed)") % label
    return _("%s (not confirmed by the person who raised it)") % label


def _raiser(people: People, keys: Sequence[str]) -> list[nodes.Node]:
    """Who confirmed: by name where they may be named, else "the person who
    raised it" (never "Anonymous contributor", which would say less)."""
    if keys and all(people.of(key).named for key in keys):
        return [by_line(keys)]
    return [nodes.Text(_("the person who raised it"))]


def _by_option(found: Confirmation, people: People) -> list[nodes.Node]:
    places: dict[str, list[nodes.Node]] = {
        "people": _raiser(people, found.people),
        "via": [by_line(found.via)],
        "date": [nodes.Text(found.date or "")],
    }
    if found.via and found.date:
        template = _("Confirmed by %(people)s, through %(via)s, on %(date)s.")
    elif found.via:
        template = _("Confirmed by %(people)s, through %(via)s.")
    elif found.date:
        template = _("Confirmed by %(people)s on %(date)s.")
    else:
        template = _("Confirmed by %(people)s.")
    return sentence(template, **places)


def _closers(keys: Sequence[str]) -> list[nodes.Node]:
    """Who wrote the change that marked it resolved (a bot has no key)."""
    if not keys:
        return [nodes.Text(_("a bot or an automated tool"))]
    return [by_line(keys)]


def confirmation_nodes(
    found: Confirmation, people: People, repo_url: Any
) -> list[nodes.Node]:
    """The sentence a dissent marked resolved gets (see the module)."""
    closing = found.closing
    change = [change_ref(repo_url, closing.sha)] if closing else []
    marked: dict[str, list[nodes.Node]] = {
        "people": _closers(closing.keys) if closing else [],
        "change": change,
        "date": [nodes.Text(closing.date if closing else "")],
    }
    if found.through == "git":
        if all(people.of(key).named for key in found.people):
            template = _("Confirmed by %(people)s in their own change (%(change)s).")
        else:  # a change by someone who is not named says who they are
            template = _("Confirmed by %(people)s in their own change.")
        return sentence(template, people=_raiser(people, found.people), change=change)
    if not found.confirmed:
        result: list[nodes.Node] = (
            sentence(
                _(
                    "Marked resolved by %(people)s (change %(change)s, %(date)s); "
                    "not confirmed by the person who raised it."
                ),
                **marked,
            )
            if closing
            else [
                nodes.Text(
                    _("Marked resolved; not confirmed by the person who raised it.")
                )
            ]
        )
        if found.history == "shallow":
            result.append(nodes.Text(" "))
            result.append(
                nodes.Text(
                    _(
                        "The change that marked it resolved may be in history this "
                        "copy does not have (a shallow clone)."
                    )
                )
            )
        return result
    result = _by_option(found, people)
    if closing:
        result.append(nodes.Text(" "))
        result += sentence(
            _("Marked resolved by %(people)s (change %(change)s, %(date)s)."), **marked
        )
    return result


def _mark_unconfirmed(block: dissent) -> None:
    """Say it in the block's label too, and give the block a class."""
    block["classes"].append("coprodoc-unconfirmed")
    label = block.next_node(nodes.paragraph)
    if label is not None and "coprodoc-label" in label["classes"]:
        label += nodes.Text(" — ")
        label += nodes.inline(
            "",
            _("not confirmed"),
            classes=["coprodoc-status", "coprodoc-status-unconfirmed"],
        )


def render_closure_note(app: Sphinx, placeholder: closure_note) -> list[nodes.Node]:
    data = get_data(app.env)
    docname, ident = placeholder["refdoc"], placeholder["record"]
    repo_url = settings(app).repo_url
    if placeholder["kind"] == "question":
        decision = next(
            (r for r in data.decisions.get(docname, []) if r.id == ident), None
        )
        changes = question_changes(data, decision) if decision else ()
        if not changes:
            return []
        text = _(
            "Changed after the decision was made: on %(date)s, in change %(change)s."
        )
        return [
            nodes.paragraph(
                "",
                "",
                *sentence(
                    text,
                    date=[nodes.Text(changes[0].date)],
                    change=[change_ref(repo_url, changes[0].sha)],
                ),
                classes=["coprodoc-question-changed"],
            )
        ]
    record = next((r for r in data.dissents.get(docname, []) if r.id == ident), None)
    found = (
        confirmation(record, get_registry(app.env), data)
        if record is not None
        else None
    )
    if found is None:
        return []
    block = placeholder.parent
    while block is not None and not isinstance(block, dissent):
        block = block.parent
    if block is not None and not found.confirmed:
        _mark_unconfirmed(block)
    return confirmation_nodes(found, people_of(app), repo_url)
