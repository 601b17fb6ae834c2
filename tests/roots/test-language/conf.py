project = "Language"
extensions = ["myst_parser", "coprodoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
