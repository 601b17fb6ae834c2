"""Who a git identity is, as coprodoc may show them.

Every identity (authors and trailer identities alike) goes through
``.mailmap`` first, then the contributors registry.  The result is a key that
holds no email and, for anyone not shown by name, no name:

- ``p:<id>``: a registry person or group, shown by the registry's rules;
- ``n:<name>``: someone not in the registry, shown by their mailmapped name
  (``coprodoc_unknown_contributors = "show"``);
- ``h:<hash>``: someone counted but not named (``"count"``, the default) or
  left out (``"hide"``).  The hash is keyed with a secret kept in the git
  folder, which is never published, so it cannot be matched against a list
  of guessed email addresses.

Only a registry person's ``git:`` entries credit them.  Their name, its
variants and their pseudonym are used the other way only: an identity that
looks like someone who is not shown by name (another email, "Z. Quartermaine",
their first name alone) is never shown by name, whatever
``coprodoc_unknown_contributors`` says.  Bots (``coprodoc_bots`` patterns) get
no key at all.
"""

from __future__ import annotations

import hmac
import re
from hashlib import sha256
from pathlib import Path

from coprodoc.cleantext import fold, folded, strip_invisible
from coprodoc.gitrepo import mailmap_lines
from coprodoc.history.redact import (
    EMAIL,
    INSIDE_LENGTH,
    NAME_WORD_LIMIT,
    PREFIX_LENGTH,
    unspaced,
)
from coprodoc.patterns import compile_later
from coprodoc.registry import Registry
from coprodoc.words import is_common

_IDENT = compile_later(r"^\s*(.*?)\s*<([^>]*)>\s*$")
_LETTERS = compile_later(r"[^\W\d_]+")


def split_identity(text: str) -> tuple[str, str]:
    """``"Name <email>"`` → ``("Name", "email")``.  An email written any other
    way ("Name email@x", "<email> Name", "Name (email@x)") is found too, and
    never left in the name; a bare name has no email."""
    match = _IDENT.match(text)
    if match and "@" not in match.group(1):
        return match.group(1), match.group(2)
    found = EMAIL.search(text)
    if found is None:
        return text.strip(), ""
    name = text[: found.start()] + " " + text[found.end() :]
    name = re.sub(r"[()<>\[\],;]+", " ", name)
    return " ".join(name.split()), found.group().strip("<>")


def _wildcard(pattern: str) -> re.Pattern[str]:
    """Only * and ? are wildcards: "[bot]" is meant literally."""
    return re.compile(
        ".*".join(
            ".".join(re.escape(part) for part in chunk.split("?"))
            for chunk in pattern.lower().split("*")
        )
    )


def _tokens(text: str) -> list[str]:
    """Runs of letters, split at case changes: "ZebedeeQ" → zebedee, q;
    "zebedee92" → zebedee."""
    plain = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", folded(text)[0])
    return [token.casefold() for token in _LETTERS.findall(plain)]


class HiddenNames:
    """Recognises identities that look like people who are not shown by name.

    Used only to hide, never to credit, and deliberately eager: an identity
    that shares any part of a hidden person's name ("Zebedee Q", "Dr
    Rosalind Brown", "Maria Garcia" for "María José García López", "Rose"
    alone) is counted, not named.  A false match costs someone their name in
    the list; a missed one could publish the name of a person who withdrew
    consent.
    """

    def __init__(self, names: list[str]) -> None:
        self.full: set[str] = set()
        self.parts: set[str] = set()
        self.inside: set[str] = set()
        self.initial_surnames: set[str] = set()
        self.unspaced: set[str] = set()
        self.add(names)

    def add(self, names: list[str]) -> None:
        """Recognise *names* too (other names a hidden person goes by)."""
        for name in names:
            parts = _tokens(name)
            if not parts:
                continue
            if unspaced(name):
                self.unspaced.add("".join(parts))
            self.full.add(" ".join(parts))
            self.parts.update(part for part in parts if len(part) >= 2)
            self.inside.update(
                part
                for part in parts
                if len(part) >= INSIDE_LENGTH and not is_common(part, NAME_WORD_LIMIT)
            )
            if len(parts) >= 2:
                self.initial_surnames.add(parts[0][0] + " " + parts[-1])

    def _contains(self, token: str) -> bool:
        """An uncommon part inside *token*, or *token* the start of one
        ("zeb" for Zebedee)."""
        short = len(token) >= PREFIX_LENGTH and not is_common(token)
        if short and any(part.startswith(token) for part in self.inside):
            return True
        return len(token) >= INSIDE_LENGTH and any(p in token for p in self.inside)

    def matches(self, name: str, email: str) -> bool:
        """Whether *name* or *email* could be a hidden person (eager)."""
        tokens = _tokens(name) + _tokens(email.partition("@")[0].replace(".", " "))
        compact = "".join(tokens)
        if any(name in compact for name in self.unspaced):
            return True
        return any(token in self.parts or self._contains(token) for token in tokens)

    def probably(self, name: str) -> bool:
        """Whether *name* is written as a hidden person's name (strict: the
        full name, or initial and surname), for notes about the history."""
        tokens = _tokens(name)
        if not tokens:
            return False
        initial_surname = tokens[0][0] + " " + tokens[-1]
        return " ".join(tokens) in self.full or (
            len(tokens) >= 2 and initial_surname in self.initial_surnames
        )


class Identities:
    def __init__(
        self,
        registry: Registry,
        unknown: str = "count",
        bots: tuple[str, ...] = ("*[bot]", "*[bot]@*"),
        secret: bytes = b"",
    ) -> None:
        self.registry = registry
        self.unknown = unknown
        self.bots = bots
        self._secret = secret
        self.bot_patterns = [_wildcard(pattern) for pattern in bots]
        self.by_email: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for person in registry:
            for entry in person.git:
                if fold(entry) in registry.shared_git:
                    continue  # claimed by two people: credited to neither
                if "@" in entry:
                    self.by_email[entry.strip().lower()] = person.id
                else:
                    self.by_name[fold(entry)] = person.id
        self.shared = {entry for entry in registry.shared_git}
        self._keys: dict[tuple[str, str], str | None] = {}
        self._naming: dict[tuple[str, str], bool] = {}
        self.hidden = HiddenNames(registry.hidden_names())
        #: names ``.mailmap`` gives people who are not shown by name
        self.aliases: list[str] = []
        #: and the addresses it gives them
        self.alias_addresses: list[str] = []
        self._aliases_from: Path | None = None

    @property
    def secret(self) -> bytes:
        return self._secret

    @secret.setter
    def secret(self, value: bytes) -> None:
        """A new secret changes every hashed key: forget those worked out."""
        self._secret = value
        self._keys.clear()
        self._naming.clear()

    def hide_mailmap_aliases(self, root: Path) -> list[str]:
        """The other names ``.mailmap`` at *root* gives people who are not
        shown by name, now recognised as theirs: "Zosia W" committing from
        an address no line maps is counted, not named, like "Zofia
        Wiśniewska" would be (read once per repository)."""
        if self._aliases_from == root:
            return self.aliases
        aliases: list[str] = []
        addresses: list[str] = []
        for line in mailmap_lines(root):
            key = self.key(*line[0])
            if key is None or not self.is_hidden(key):
                continue
            aliases += [name for name, _email in line if name]
            addresses += [email for _name, email in line if email]
        self._aliases_from, self.aliases = root, aliases
        self.alias_addresses = addresses
        if aliases:
            self.hidden.add(aliases)
            self._keys.clear()  # keys worked out before may now be hidden
            self._naming.clear()
        return aliases

    def is_bot(self, name: str, email: str) -> bool:
        return any(
            pattern.fullmatch(value.lower())
            for pattern in self.bot_patterns
            for value in (name, email)
            if value
        )

    def key(self, name: str, email: str) -> str | None:
        """The key for a (mailmapped) identity, or None for a bot (worked
        out once per identity: a history names the same people again and
        again)."""
        found = self._keys.get((name, email), self)
        if found is self:
            found = self._keys[(name, email)] = self._key(name, email)
        return found  # type: ignore[return-value]

    def _key(self, name: str, email: str) -> str | None:
        if self.is_bot(name, email):
            return None
        person = self.by_email.get(email.strip().lower()) or self.by_name.get(
            fold(name)
        )
        if person is not None:
            return f"p:{person}"
        shown = " ".join(EMAIL.sub(" ", strip_invisible(name)).split())
        claimed = fold(email) in self.shared or fold(name) in self.shared
        if (
            self.unknown == "show"
            and shown
            and not claimed
            and not self.hidden.matches(name, email)
        ):
            return f"n:{shown}"
        return f"h:{self.digest(email or name)}"

    def digest(self, identity: str) -> str:
        """A keyed hash of an identity: stable for this site, unguessable."""
        message = identity.strip().lower().encode("utf-8", "replace")
        return hmac.new(self.secret, message, sha256).hexdigest()[:16]

    def is_hidden(self, key: str) -> bool:
        """Whether the person behind *key* is not shown by name (their name
        must not appear in any published text)."""
        if key.startswith("n:"):
            return False
        if key.startswith("p:"):
            person = self.registry.people.get(key[2:])
            return person is None or not self.registry.shown_by_name(person)
        return True

    def names_hidden_person(self, name: str, email: str) -> bool:
        """Whether this identity, as git records it, is (or looks like) a
        registry person who is not shown by name: the public history names
        someone the site must not (worked out once per identity)."""
        found = self._naming.get((name, email))
        if found is None:
            found = self._naming[(name, email)] = self._names_hidden(name, email)
        return found

    def _names_hidden(self, name: str, email: str) -> bool:
        key = self.key(name, email)
        if key is not None and key.startswith("p:"):
            person = self.registry.people.get(key[2:])
            return person is not None and not self.registry.shown_by_name(person)
        return key is not None and self.hidden.probably(name)
