project = "Dissent checks"
extensions = ["myst_parser", "coprodoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
coprodoc_disagreement_protocol = {"method": "consensus", "agreed": "2026-02-01"}
coprodoc_history = False  # not a git repository; see test-history
