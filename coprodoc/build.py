"""Build-time wiring: load the registry once per build and report on it."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from coprodoc.config import registry_path, settings
from coprodoc.data import get_data
from coprodoc.logs import warn
from coprodoc.registry import load_registry
from coprodoc.state import get_registry, set_registry


def load_registry_for_build(app: Sphinx) -> None:
    """Load the registry at builder-inited and report its problems with lines."""
    path = registry_path(app)
    registry, problems = load_registry(path, settings(app.config).all_roles())
    for problem in problems:
        location = f"{path}:{problem.line}" if problem.line else f"{path}:0"
        warn(problem.message, problem.subtype, location)
    set_registry(app.env, registry)


def warn_missing_registry(app: Sphinx, env: BuildEnvironment) -> None:
    """One warning per build when ids are used but there is no registry."""
    registry = get_registry(env)
    if registry.exists:
        return
    data = get_data(env)
    users = sorted(data.docs_using_coprodoc())
    if not users:
        return
    first = data.contributions.get(users[0])
    line = first[0].line if first else None
    warn(
        f"contributors registry {registry_path(app)} not found: person ids are "
        "shown exactly as written (create the file, or set coprodoc_contributors)",
        "registry-missing",
        (users[0], line),
    )
