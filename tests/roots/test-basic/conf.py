project = "Basic"
extensions = ["myst_parser", "coprodoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
coprodoc_history = False  # not a git repository; see test-history
