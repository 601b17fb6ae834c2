"""Labelling-term rules in Vale's YAML format (``existence``, ``substitution``).

Teams that already use Vale can point coprodoc at the same rule files, and the
rules coprodoc ships can be used by Vale.  Supported keys: ``extends``,
``message``, ``description``, ``level``, ``ignorecase``, ``nonword``,
``tokens`` (existence) and ``swap`` (substitution); other keys are ignored.
A rule's id is ``Style.Rule``: the folder name and the file name, as in Vale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).parent / "rules"
BUILTIN_STYLE = "coprodoc"


@dataclass(frozen=True)
class Hit:
    """One match of a rule in a text."""

    start: int
    end: int
    matched: str
    suggestion: str | None
    message: str


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    message: str
    description: str
    level: str
    pattern: re.Pattern[str]
    #: the suggestion for each alternative, by regex group name
    swaps: Mapping[str, str | None]

    def find(self, text: str) -> Iterator[Hit]:
        """Matches in *text*; a term may wrap onto the next source line."""
        for match in self.pattern.finditer(text.replace("\n", " ")):
            group = match.lastgroup or ""
            suggestion = self.swaps.get(group)
            matched = match.group()
            yield Hit(
                match.start(),
                match.end(),
                matched,
                suggestion,
                _format(self.message, suggestion, matched),
            )


def _format(message: str, suggestion: str | None, matched: str) -> str:
    """Vale's messages: ``%s`` is the suggestion then the match (substitution),
    or the match (existence)."""
    values = [matched] if suggestion is None else [suggestion, matched]
    count = message.count("%s")
    values = values[-count:] if count <= len(values) else values + [""] * count
    try:
        return message % tuple(values[:count])
    except (TypeError, ValueError):
        return message


def rule_from_mapping(rule_id: str, spec: Any) -> Rule:
    """Build a rule from a parsed Vale rule; ``ValueError`` says what is wrong."""
    if not isinstance(spec, Mapping):
        raise ValueError("a rule must be a mapping")
    kind = spec.get("extends")
    if kind == "substitution":
        swap = spec.get("swap")
        if not isinstance(swap, Mapping) or not swap:
            raise ValueError("a substitution rule needs a 'swap' mapping")
        alternatives = [(str(key), str(value)) for key, value in swap.items()]
    elif kind == "existence":
        tokens = spec.get("tokens")
        if isinstance(tokens, str):
            tokens = [tokens]
        if not isinstance(tokens, list) or not tokens:
            raise ValueError("an existence rule needs a 'tokens' list")
        alternatives = [(str(token), None) for token in tokens]  # type: ignore[misc]
    else:
        raise ValueError(
            f"'extends: {kind}' is not supported (use existence or substitution)"
        )
    groups = {f"alt{index}": value for index, (_key, value) in enumerate(alternatives)}
    body = "|".join(
        f"(?P<alt{index}>{key})" for index, (key, _value) in enumerate(alternatives)
    )
    if not spec.get("nonword", False):
        body = rf"(?<![\w-])(?:{body})(?![\w-])"
    flags = re.IGNORECASE if spec.get("ignorecase", False) else 0
    try:
        pattern = re.compile(body, flags)
    except re.error as exc:
        raise ValueError(f"a pattern is not a valid regular expression: {exc}") from exc
    default = "Avoid '%s'." if kind == "existence" else "Use '%s' instead of '%s'."
    return Rule(
        id=rule_id,
        kind=str(kind),
        message=str(spec.get("message") or default),
        description=str(spec.get("description") or "").strip(),
        level=str(spec.get("level") or "warning"),
        pattern=pattern,
        swaps=groups,
    )


def rule_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """``(Style.Rule, path)`` for a style folder, or for every style folder in
    a Vale ``StylesPath``."""
    if any(folder.glob("*.yml")):
        styles = [folder]
    else:
        styles = sorted(path for path in folder.iterdir() if path.is_dir())
    for style in styles:
        for path in sorted(style.glob("*.yml")):
            yield f"{style.name}.{path.stem}", path


def load_rules(
    folders: Iterable[Path],
    extra: Mapping[str, Any] | None = None,
    disabled: Iterable[str] = (),
) -> tuple[list[Rule], list[str]]:
    """The built-in rules, then each folder's, then *extra*, less *disabled*.

    Returns the rules and readable problems (unreadable files, bad rules); a
    bad rule is left out, never fatal.
    """
    import yaml  # here, not at import: most incremental builds use the cache

    off = set(disabled)
    found: dict[str, Rule] = {}
    problems: list[str] = []
    sources: list[tuple[str, Any]] = []
    for folder in [BUILTIN_DIR, *folders]:
        if not folder.is_dir():
            problems.append(f"rule folder {folder} does not exist")
            continue
        for rule_id, path in rule_files(folder):
            if folder == BUILTIN_DIR:
                rule_id = f"{BUILTIN_STYLE}.{path.stem}"
            try:
                sources.append((rule_id, yaml.safe_load(path.read_text("utf-8"))))
            except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
                problems.append(f"{path}: cannot be read as YAML ({exc})")
    sources.extend((str(key), value) for key, value in (extra or {}).items())
    for rule_id, spec in sources:
        if rule_id in off:
            continue
        try:
            found[rule_id] = rule_from_mapping(rule_id, spec)
        except ValueError as exc:
            problems.append(f"rule {rule_id}: {exc}")
    return list(found.values()), problems


def rules_key(
    folders: Iterable[Path],
    extra: Mapping[str, Any] | None = None,
    disabled: Iterable[str] = (),
) -> list[Any]:
    """Everything :func:`load_rules` depends on, for caching its result: the
    rule files' names and bytes, the rules from conf.py and the disabled ids."""
    files: list[tuple[str, bytes]] = []
    for folder in [BUILTIN_DIR, *folders]:
        if folder.is_dir():
            for _rule_id, path in rule_files(folder):
                try:
                    files.append((str(path), path.read_bytes()))
                except OSError:
                    files.append((str(path), b""))
        else:
            files.append((str(folder), b"missing"))
    return [files, repr(sorted((extra or {}).items())), sorted(disabled)]
