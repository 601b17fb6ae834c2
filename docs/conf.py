# The coprodoc documentation, built with coprodoc itself.
project = "coprodoc"
author = "coprodoc maintainers"
copyright = "2026, coprodoc maintainers"

extensions = ["myst_parser", "coprodoc"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "alabaster"
