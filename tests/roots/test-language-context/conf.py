project = "Language in context"
extensions = ["myst_parser", "coprodoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
coprodoc_history = False  # not a git repository; see test-history
