"""How people appear to readers: the one place ids and identity keys become
what is shown.

Sources name people by registry id (``amira``, ``p07``); git history names
them by identity key (``p:<id>``, ``n:<name>``, ``h:<hash>``, see
:mod:`coprodoc.history.identity`).  Every part that shows people (``By``
lines, "Shaped by" blocks, change-history tables, registers, the contributors
list, the record page and the record files) asks :class:`People`, so the
consent rules are applied the same way everywhere:

- a person not shown by name or pseudonym is never told apart from another:
  all of them are "people who are not named", counted once per line;
- git authors the registry does not know are named only with
  ``coprodoc_unknown_contributors = "show"``, counted with ``"count"``, and
  left out with ``"hide"``;
- an id the registry does not know is shown as written (a typo must not
  lose a contribution), unless it is an address or could be the name of
  someone who is not shown by name (``:by: Zofia Wiśniewska`` written for
  ``:by: p01``): then it is counted, like a git author who looks like them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from docutils import nodes
from docutils.utils import normalize_language_tag, smartquotes
from docutils.utils.smartquotes import smartchars
from sphinx.application import Sphinx

from coprodoc.history.identity import HiddenNames
from coprodoc.history.redact import EMAIL, SPELT_EMAIL, Redactor
from coprodoc.locale import _
from coprodoc.registry import ANONYMOUS, Registry

#: What the record calls everyone who is not shown.
UNNAMED_REF = ANONYMOUS


class Seen(NamedTuple):
    """One id or identity key, as readers may see it.

    ``text`` is None for anyone who is not named.  ``kind`` is ``name``,
    ``pseudonym``, ``group`` (a group, or a person shown only as a member),
    ``anonymous``, ``unregistered`` (an id the registry does not know, shown
    as written), ``git`` (a git author shown by name) or ``hidden`` (a git
    author left out entirely).  ``ref`` is the id the record uses.
    """

    text: str | None
    kind: str
    ref: str | None
    #: the group a person is shown by (a group's own id for a group)
    group: str | None = None

    @property
    def named(self) -> bool:
        return self.text is not None


def unnamed_text(count: int) -> str:
    """ "1 person who is not named", "3 people who are not named"."""
    if count == 1:
        return _("1 person who is not named")
    return _("%d people who are not named") % count


def _as_written(text: str) -> str:
    return text


def typography(config: Any, builder_name: str) -> Callable[[str], str]:
    """What Sphinx's ``smartquotes`` does to the body text of this build,
    as a function for names: curly apostrophes and quotes, dashes and
    ellipses (``smartquotes_action``), unless ``smartquotes`` is off, the
    builder or language is in ``smartquotes_excludes``, or docutils has no
    quotes for the language.  Names enter pages after that transform has
    run, so without this an "O'Brien" would keep its straight apostrophe
    beside a body text's curly ones."""
    excludes = getattr(config, "smartquotes_excludes", None) or {}
    language = getattr(config, "language", None) or "en"
    if (
        not getattr(config, "smartquotes", True)
        or builder_name in excludes.get("builders", ())
        or language in excludes.get("languages", ())
        or not any(tag in smartchars.quotes for tag in normalize_language_tag(language))
    ):
        return _as_written
    action = getattr(config, "smartquotes_action", "qDe")

    def educate(text: str) -> str:
        tokens = [("plain", text)]
        return "".join(smartquotes.educate_tokens(tokens, action, language))

    return educate


class Lookalikes:
    """Whether an id the registry does not know must not be shown as written:
    an address, or anything that could be the name of someone who is not
    shown by name, judged as git authors are (:class:`HiddenNames`) and as
    commit subjects are (:class:`Redactor`: other endings, digits for
    letters, percent-encoding).  Eager on purpose: a typo that resembles a
    hidden name is counted, not named, and its warning says so."""

    def __init__(self, registry: Registry) -> None:
        names = registry.hidden_names()
        self._names = HiddenNames(names)
        self._redactor = Redactor("", names)

    def __call__(self, ident: str) -> bool:
        if is_address(ident):
            return True
        return self._names.matches(ident, "") or self._redactor.redact(ident)[1]


def is_address(text: str) -> bool:
    """Whether *text* holds an email address, however it is written
    (``x@y``, with a full-width at sign, ``x [at] y``, ``x%40y``)."""
    plain = unicodedata.normalize("NFKC", text)
    return "@" in plain or bool(EMAIL.search(plain) or SPELT_EMAIL.search(plain))


_LOOKALIKES: WeakKeyDictionary[Registry, Lookalikes] = WeakKeyDictionary()


def lookalikes_in(registry: Registry) -> Lookalikes:
    """The :class:`Lookalikes` of *registry*, made once per registry."""
    found = _LOOKALIKES.get(registry)
    if found is None:
        found = _LOOKALIKES[registry] = Lookalikes(registry)
    return found


class People:
    """Ids and identity keys as the registry and the settings allow.

    *typeset* is applied to every name shown (see :func:`typography`); the
    record files keep names as written."""

    def __init__(
        self,
        registry: Registry,
        unknown: str = "count",
        typeset: Callable[[str], str] = _as_written,
    ) -> None:
        self.registry = registry
        self.unknown = unknown
        self.typeset = typeset
        #: how each key is shown (a change history names the same few
        #: people in hundreds of rows; the registry does not change while
        #: pages are written)
        self._seen: dict[str, Seen] = {}
        #: "3 people who are not named", by count (translated once)
        self._unnamed: dict[int, str] = {}

    def of(self, key: str) -> Seen:
        """How *key* (a registry id, or a git identity key) is shown."""
        seen = self._seen.get(key)
        if seen is None:
            seen = self._seen[key] = self._typeset(self._of(key))
        return seen

    def _typeset(self, seen: Seen) -> Seen:
        if seen.text is None or self.typeset is _as_written:
            return seen
        return seen._replace(text=self.typeset(seen.text))

    def _of(self, key: str) -> Seen:
        kind, sep, value = key.partition(":")
        if sep and kind == "n" and value:
            # a git author shown by name; also what a source could write
            # ("n:Zofia") to pass for one, so it is checked like any id
            if lookalikes_in(self.registry)(value):
                return Seen(None, "anonymous", UNNAMED_REF)
            return Seen(value, "git", f"git:{value}")
        if sep and kind == "h":
            hidden = self.unknown == "hide"
            return Seen(None, "hidden" if hidden else "anonymous", None)
        if sep and kind == "p":
            key = value
        shown = self.registry.shown(key)
        if shown.kind == "anonymous" or (
            shown.kind == "unregistered" and lookalikes_in(self.registry)(key)
        ):
            return Seen(None, "anonymous", UNNAMED_REF)
        return Seen(shown.text, shown.kind, key, shown.group)

    def label(self, key: str) -> str:
        """What a single mention says (never empty)."""
        seen = self.of(key)
        return seen.text if seen.text is not None else _("Anonymous contributor")

    def names(self, entries: Iterable[tuple[str, str]]) -> tuple[list[str], int]:
        """The shown names of ``(key, detail)`` entries, with their details,
        once each; and how many people are not named."""
        named: list[str] = []
        seen_texts: set[str] = set()
        unnamed = 0
        for key, detail in entries:
            seen = self.of(key)
            if seen.kind == "hidden":
                continue
            if seen.text is None:
                unnamed += 1
            elif seen.text not in seen_texts:
                seen_texts.add(seen.text)
                named.append(f"{seen.text} ({detail})" if detail else seen.text)
        return named, unnamed

    def line(self, entries: Iterable[tuple[str, str]]) -> str:
        """``[(key, detail)]`` → "Amira Khan (review, 60%), River, 2 people who
        are not named"."""
        named, unnamed = self.names(entries)
        if unnamed:
            text = self._unnamed.get(unnamed)
            if text is None:
                text = self._unnamed[unnamed] = unnamed_text(unnamed)
            named.append(text)
        return ", ".join(named)

    def line_nodes(self, ids: Sequence[str]) -> list[nodes.Node]:
        """A "By" line: each named person as an inline, everyone who is not
        named counted once at the end ("Anonymous contributor" alone when
        nobody is named and there is one)."""
        shown = [(ident, self.of(ident)) for ident in ids]
        named = [(ident, seen) for ident, seen in shown if seen.named]
        unnamed = len(shown) - len(named)
        result: list[nodes.Node] = []
        for ident, seen in named:
            result.append(_person(seen.text or ident, seen.kind))
        if unnamed == 1 and not named:
            result.append(_person(_("Anonymous contributor"), "anonymous"))
        elif unnamed:
            result.append(_person(unnamed_text(unnamed), "anonymous"))
        joined: list[nodes.Node] = []
        for index, node in enumerate(result):
            if index:
                joined.append(nodes.Text(", "))
            joined.append(node)
        return joined

    def node(self, ident: str) -> nodes.inline:
        """A single mention (the ``contributor`` role)."""
        seen = self.of(ident)
        return _person(self.label(ident), seen.kind)


def people_of(app: Sphinx) -> People:
    """How people are shown in the build *app* runs."""
    return people_in(app.env, app.builder.name)


def people_in(env: Any, builder_name: str) -> People:
    """How people are shown on pages *builder_name* writes from *env*."""
    from coprodoc.config import settings
    from coprodoc.state import get_registry

    return People(
        get_registry(env),
        settings(env).unknown_contributors,
        typography(env.config, builder_name),
    )


def _person(text: str, kind: str) -> nodes.inline:
    shown_kind = "anonymous" if kind == "hidden" else kind
    return nodes.inline(
        "", text, classes=["coprodoc-person", f"coprodoc-shown-{shown_kind}"]
    )
