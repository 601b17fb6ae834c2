"""Reading the registry's YAML without trusting it.

The registry is edited by hand, often by people new to YAML, and sometimes
by people who mean harm.  So, beyond PyYAML's safe loader:

- every mapping remembers the line of each key, for located warnings;
- a key written twice in one mapping is reported (PyYAML keeps the last
  value silently, so ``withdrawn: 2026-05-01`` followed by an empty
  ``withdrawn:`` would quietly undo a withdrawal);
- an impossible date such as ``2026-02-30`` stays text (PyYAML raises), so
  it is reported like any other bad date;
- a key that a merge key (``<<:``) already gave is also a repetition: an
  empty ``withdrawn:`` after ``<<: {withdrawn: 2026-02-01}`` would undo it;
- a tag that changes what a value visibly says (``withdrawn: !!null
  2026-02-01``) marks the key as unclear;
- anchors, aliases and merge keys may not expand beyond :data:`MAX_NODES`
  (a 600-byte "billion laughs" file would otherwise take minutes and
  gigabytes), may not refer to themselves, and the file may not be nested
  more deeply than Python can follow;
- whatever PyYAML cannot construct (``!!int abc``) is a problem with a
  line, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: The most values a registry may expand to.  A registry of 1,000 people
#: with every field filled in is about 30,000.
MAX_NODES = 200_000


_TOO_DEEP = (
    "the file is nested too deeply, or an alias (*name) refers to the value "
    "that contains it"
)


class YamlProblem(Exception):
    """The file cannot be used at all; ``line`` is where, when known."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class LineMap(dict[Any, Any]):
    """A YAML mapping that remembers where it and each key are."""

    line: int | None = None
    key_lines: dict[Any, int]
    #: keys written more than once, with the line of each repetition
    duplicates: list[tuple[Any, int]]
    #: keys whose value carries a tag that changes what it visibly says
    retagged: list[Any]

    @classmethod
    def at(cls, values: dict[Any, Any], line: int | None) -> LineMap:
        """A mapping coprodoc makes (from a shorthand), with every key at *line*."""
        made = cls(values)
        made.line = line
        made.key_lines = dict.fromkeys(values, line) if line else {}
        made.duplicates, made.retagged = [], []
        return made


def line_of(data: Any, key: str | None = None) -> int | None:
    """The line of *key* in *data*, or of *data* itself."""
    if isinstance(data, LineMap):
        if key is not None and key in data.key_lines:
            return data.key_lines[key]
        return data.line
    return None


def _expanded_size(node: Any, limit: int) -> int:
    """How many values *node* stands for once aliases are expanded; stops
    counting past *limit*.  Raises ``RecursionError`` for a self-reference."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(current: Any) -> int:
        key = id(current)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise RecursionError("an alias refers to itself")
        active.add(key)
        total = 1
        children = current.value if isinstance(current.value, list) else []
        for child in children:
            parts = child if isinstance(child, tuple) else (child,)
            for part in parts:
                total += size(part)
                if total > limit:
                    break
        active.discard(key)
        sizes[key] = total
        return total

    return size(node)


def _merged_keys(node: Any) -> Iterator[Any]:
    """The keys a mapping node's merge keys (``<<:``) bring in."""
    import yaml

    for key_node, value_node in node.value:
        if key_node.tag != "tag:yaml.org,2002:merge":
            continue
        sources = (
            value_node.value
            if isinstance(value_node, yaml.SequenceNode)
            else [value_node]
        )
        for source in sources:
            if isinstance(source, yaml.MappingNode):
                for inner, _value in source.value:
                    if isinstance(inner, yaml.ScalarNode):
                        yield inner.value


def _retagged(loader: Any, node: Any) -> bool:
    """Whether a scalar has a tag that makes it mean something other than
    what it says (``!!null 2026-02-01``, ``!!str`` is harmless)."""
    import yaml

    if not isinstance(node, yaml.ScalarNode) or node.style is not None:
        return False
    implicit = loader.resolve(yaml.ScalarNode, node.value, (True, False))
    harmless = (implicit, "tag:yaml.org,2002:str")
    return node.tag not in harmless and node.value.strip() != ""


def _loader_class() -> Any:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def construct_mapping(loader: Loader, node: yaml.MappingNode) -> LineMap:
        mapping = LineMap()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        mapping.duplicates = []
        mapping.retagged = []
        seen: set[Any] = set(_merged_keys(node))
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    mapping.duplicates.append(
                        (key_node.value, key_node.start_mark.line + 1)
                    )
                seen.add(key_node.value)
                if _retagged(loader, value_node):
                    mapping.retagged.append(key_node.value)
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError as exc:
                raise YamlProblem(
                    "a key is a list or mapping; keys must be plain words",
                    key_node.start_mark.line + 1,
                ) from exc
            mapping[key] = loader.construct_object(value_node, deep=True)
            mapping.key_lines.setdefault(key, key_node.start_mark.line + 1)
        return mapping

    def construct_timestamp(loader: Loader, node: yaml.ScalarNode) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, TypeError, AttributeError):
            # 2026-02-30, !!timestamp nonsense: keep the text, report it as a date
            return str(node.value)

    Loader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping
    )
    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    return Loader


def load_yaml(text: str) -> Any:
    """Parse *text*; :class:`YamlProblem` says why it cannot be used."""
    import yaml

    loader = _loader_class()(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError as exc:
            raise YamlProblem(_TOO_DEEP, None) from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            reason = str(getattr(exc, "problem", None) or exc)
            if "\t" in reason or "\\t" in reason or "tab" in reason:
                raise YamlProblem(
                    "this line has a tab in its indentation, and YAML needs "
                    "spaces: replace the tab with spaces, lined up with the "
                    "lines above",
                    mark.line + 1 if mark else None,
                ) from exc
            raise YamlProblem(
                f"not valid YAML: {reason}", mark.line + 1 if mark else None
            ) from exc
        if node is None:
            return None
        try:
            size = _expanded_size(node, MAX_NODES)
        except RecursionError as exc:
            raise YamlProblem(_TOO_DEEP, None) from exc
        if size > MAX_NODES:
            raise YamlProblem(
                f"anchors and aliases expand to more than {MAX_NODES:,} values; "
                "write the entries out instead of repeating them with aliases",
                node.start_mark.line + 1,
            )
        try:
            return loader.construct_document(node)
        except RecursionError as exc:
            raise YamlProblem(_TOO_DEEP, None) from exc
        except (yaml.YAMLError, ValueError, TypeError, KeyError, AttributeError) as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(
                exc, "context_mark", None
            )
            raise YamlProblem(
                f"a value cannot be read: {getattr(exc, 'problem', None) or exc}",
                mark.line + 1 if mark else None,
            ) from exc
    finally:
        loader.dispose()
