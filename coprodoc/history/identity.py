"""Who a git identity is, as coprodoc may show them.

Every identity (authors and trailer identities alike) goes through
``.mailmap`` first, then the contributors registry.  The result is a key that
holds no email and, for registry people, no name:

- ``p:<id>``: a registry person or group, shown by the registry's rules;
- ``n:<name>``: someone not in the registry, shown by their mailmapped name
  (``coprodoc_unknown_contributors = "show"``);
- ``h:<hash>``: someone not in the registry who is counted but not named
  (``"count"``, the default) or left out (``"hide"``).

Bots (``coprodoc_bots`` patterns) get no key at all.
"""

from __future__ import annotations

import re
from hashlib import sha256

from coprodoc.registry import Registry

_IDENT = re.compile(r"^\s*(.*?)\s*<([^>]*)>\s*$")
_EMAIL = re.compile(r"<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?")


def split_identity(text: str) -> tuple[str, str]:
    """``"Name <email>"`` → ``("Name", "email")``; a bare name has no email."""
    match = _IDENT.match(text)
    if match:
        return match.group(1), match.group(2)
    return text.strip(), ""


class Identities:
    def __init__(
        self,
        registry: Registry,
        unknown: str = "count",
        bots: tuple[str, ...] = ("*[bot]", "*[bot]@*"),
    ) -> None:
        self.registry = registry
        self.unknown = unknown
        self.bots = bots
        # Only * and ? are wildcards: "[bot]" is meant literally.
        self.bot_patterns = [
            re.compile(
                ".*".join(
                    ".".join(re.escape(part) for part in chunk.split("?"))
                    for chunk in pattern.lower().split("*")
                )
            )
            for pattern in bots
        ]
        self.by_email: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for person in registry:
            for entry in person.git:
                target = self.by_email if "@" in entry else self.by_name
                target[entry.strip().lower()] = person.id

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
        person = self.by_email.get(email.lower()) or self.by_name.get(name.lower())
        if person is not None:
            return f"p:{person}"
        if self.unknown == "show" and name:
            return f"n:{name}"
        digest = sha256((email or name).lower().encode()).hexdigest()[:12]
        return f"h:{digest}"

    def scrub(self, text: str) -> str:
        """Commit text without emails, or names of people not shown by name."""
        text = _EMAIL.sub("", text)
        for person in self.registry:
            if person.name and self.registry.effective_display(person) != "name":
                text = re.sub(
                    re.escape(person.name), "[name withheld]", text, flags=re.I
                )
        return re.sub(r"\s{2,}", " ", text).strip()
