"""The ``coprodoc_*`` configuration values, typed and checked at config-inited."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from coprodoc.logs import warn
from coprodoc.vocabulary import role_from_config

STATIC_DIR = Path(__file__).parent / "static"


def register(app: Sphinx) -> None:
    app.add_config_value(
        "coprodoc_contributors",
        "contributors.yaml",
        "env",
        types=frozenset({str}),
        description="Path of the contributors registry, relative to conf.py.",
    )
    app.add_config_value(
        "coprodoc_roles",
        {},
        "env",
        types=frozenset({dict}),
        description="Project-defined contribution roles: id -> label or mapping.",
    )
    app.connect("config-inited", check_config)


def check_config(app: Sphinx, config: Config) -> None:
    """Report malformed values once, and make the stylesheet available."""
    roles = config.coprodoc_roles
    if not isinstance(roles, dict):
        warn(
            "coprodoc_roles must be a mapping of role id to a label or a mapping "
            "with 'label', 'credit' and 'all-contributors'; it is ignored",
            "config",
            "conf.py",
        )
    else:
        for role_id, spec in roles.items():
            try:
                role_from_config(str(role_id), spec)
            except ValueError as exc:
                warn(
                    f"coprodoc_roles[{role_id!r}]: {exc}; the role is ignored",
                    "config",
                    "conf.py",
                )
    static = str(STATIC_DIR)
    if static not in config.html_static_path:
        config.html_static_path.append(static)


def registry_path(app: Sphinx) -> Path:
    return Path(app.confdir) / str(app.config.coprodoc_contributors)
