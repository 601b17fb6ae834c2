# The coprodoc documentation, built with coprodoc itself.
project = "coprodoc"
author = "coprodoc maintainers"
copyright = "2026, coprodoc maintainers"

extensions = ["myst_parser", "coprodoc"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "alabaster"

# The protocol shown in the guide on dissent and decisions.
coprodoc_disagreement_protocol = {
    "method": "consensus",
    "fallback": "majority",
    "agreed": "2026-02-01",
    "text": "We try for consensus first. "
    "If we cannot agree after two meetings, we vote.",
}

# These pages do not show change history (the docs are not a policy).
coprodoc_history = False
