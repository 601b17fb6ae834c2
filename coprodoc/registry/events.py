"""The registry in a build: loaded once, reported on, and what it changes.

The registry is read at ``builder-inited`` and kept beside the environment
(see :mod:`coprodoc.state`), never on it: it holds real names.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from coprodoc.config import registry_path, settings, warn_at_setting
from coprodoc.data import get_data
from coprodoc.logs import redact_other_warnings, warn
from coprodoc.registry import load_registry
from coprodoc.sourcecopy import line_redactor
from coprodoc.state import get_registry, set_registry


def load_registry_for_build(app: Sphinx) -> None:
    """Load the registry at builder-inited and report its problems with lines."""
    path = registry_path(app)
    registry, problems = load_registry(path, settings(app.config).all_roles())
    for problem in problems:
        location = f"{path}:{problem.line}" if problem.line else f"{path}:0"
        warn(problem.message, problem.subtype, location)
    set_registry(app.env, registry)
    redact_other_warnings(line_redactor(registry))


def warn_missing_registry(app: Sphinx, env: BuildEnvironment) -> None:
    """One warning per build when ids are used but there is no registry."""
    registry = get_registry(env)
    if registry.exists:
        return
    data = get_data(env)
    users = sorted(data.docs_using_coprodoc())
    if not users:
        return
    others = f" and {len(users) - 1} other page(s)" if len(users) > 1 else ""
    # Reported where it is set (or would be): that is what to fix, not a page.
    warn_at_setting(
        app,
        "coprodoc_contributors",
        f"coprodoc_contributors: the contributors registry {registry_path(app)} "
        f"does not exist, yet {env.doc2path(users[0], False)}{others} "
        f"{'name' if others else 'names'} people by id; they are shown exactly "
        "as written (create the file, or set coprodoc_contributors to where it "
        "is)",
        "registry-missing",
    )


def outdated_by_registry(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Re-read every page when the registry file changed since the last build.

    A registry change can take a name away (consent withdrawn).  Sphinx keeps
    the words of an incremental build's old search index, emptied but present,
    so a withdrawn name would survive in ``searchindex.js``; starting the
    index afresh, with every page written again, is the only way to be sure.
    Re-reading also repeats the unknown-id warnings against the new registry.
    Registry edits are rare, so the cost of a full rebuild is acceptable.
    """
    if not get_data(env).input_changed("registry_digest", get_registry(env).digest):
        return []
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder):
        (builder.outdir / builder.searchindex_filename).unlink(missing_ok=True)
    return sorted(env.found_docs)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", load_registry_for_build)
    app.connect("env-get-outdated", outdated_by_registry)
    app.connect("env-check-consistency", warn_missing_registry)
