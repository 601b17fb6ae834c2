project = "History"
extensions = ["myst_parser", "coprodoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
coprodoc_shaped_by = "auto"
coprodoc_repo_url = "https://github.com/example/policy"
coprodoc_trailers = {"Translated-by": "translation"}
