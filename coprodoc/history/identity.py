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

from coprodoc.cleantext import fold, strip_invisible
from coprodoc.history.redact import NAME_WORD_LIMIT, name_parts
from coprodoc.registry import Person, Registry
from coprodoc.words import is_common

_IDENT = re.compile(r"^\s*(.*?)\s*<([^>]*)>\s*$")


def split_identity(text: str) -> tuple[str, str]:
    """``"Name <email>"`` → ``("Name", "email")``; a bare name has no email."""
    match = _IDENT.match(text)
    if match:
        return match.group(1), match.group(2)
    return text.strip(), ""


def _wildcard(pattern: str) -> re.Pattern[str]:
    """Only * and ? are wildcards: "[bot]" is meant literally."""
    return re.compile(
        ".*".join(
            ".".join(re.escape(part) for part in chunk.split("?"))
            for chunk in pattern.lower().split("*")
        )
    )


class HiddenNames:
    """Recognises identities that look like people who are not shown by name.

    Used only to hide, never to credit: a false match costs someone their
    name in the list (they are counted instead), a missed match could
    publish the name of a person who withdrew consent.
    """

    def __init__(self, people: list[Person], registry: Registry) -> None:
        self.full: set[str] = set()
        self.single: set[str] = set()
        self.surnames: set[str] = set()
        self.initial_surnames: set[str] = set()
        for person in people:
            secrets = [person.name, *(g for g in person.git if "@" not in g)]
            if registry.effective_display(person) != "pseudonym":
                secrets.append(person.pseudonym)
            for secret in secrets:
                if secret:
                    self._add(secret)

    def _add(self, name: str) -> None:
        parts = [part.casefold() for part in name_parts(name)]
        if not parts:
            return
        self.full.add(" ".join(parts))
        for part in parts:
            if len(part) >= 2 and not is_common(part, NAME_WORD_LIMIT):
                self.single.add(part)
        if len(parts) >= 2:
            if not is_common(parts[-1], NAME_WORD_LIMIT):
                self.surnames.add(parts[-1])
            self.initial_surnames.add(parts[0][0] + " " + parts[-1])

    def matches(self, name: str, email: str) -> bool:
        """Whether *name* or *email* looks like a hidden person."""
        parts = [part.casefold() for part in name_parts(name)]
        if parts:
            if " ".join(parts) in self.full or set(parts) & self.surnames:
                return True
            initial_surname = parts[0][0] + " " + parts[-1]
            if len(parts) >= 2 and initial_surname in self.initial_surnames:
                return True
            if len(parts) == 1 and parts[0] in self.single:
                return True
        local = email.partition("@")[0]
        tokens = {t.casefold() for t in name_parts(local.replace(".", " "))}
        joined = "".join(tokens)
        return bool(tokens & self.single) or any(
            len(word) >= 4 and word in joined for word in self.single | self.surnames
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
        self.secret = secret
        self.bot_patterns = [_wildcard(pattern) for pattern in bots]
        self.by_email: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for person in registry:
            for entry in person.git:
                if "@" in entry:
                    self.by_email[entry.strip().lower()] = person.id
                else:
                    self.by_name[fold(entry)] = person.id
        self.hidden = HiddenNames(registry.hidden_people(), registry)

    def is_bot(self, name: str, email: str) -> bool:
        return any(
            pattern.fullmatch(value.lower())
            for pattern in self.bot_patterns
            for value in (name, email)
            if value
        )

    def key(self, name: str, email: str) -> str | None:
        """The key for a (mailmapped) identity, or None for a bot."""
        if self.is_bot(name, email):
            return None
        person = self.by_email.get(email.strip().lower()) or self.by_name.get(
            fold(name)
        )
        if person is not None:
            return f"p:{person}"
        shown = strip_invisible(name).strip()
        if self.unknown == "show" and shown and not self.hidden.matches(name, email):
            return f"n:{' '.join(shown.split())}"
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
        someone the site must not."""
        key = self.key(name, email)
        if key is not None and key.startswith("p:"):
            person = self.registry.people.get(key[2:])
            return person is not None and not self.registry.shown_by_name(person)
        return key is not None and self.hidden.matches(name, email)
