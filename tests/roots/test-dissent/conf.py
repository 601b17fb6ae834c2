project = "Dissent"
extensions = ["myst_parser", "coprodoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
coprodoc_disagreement_protocol = {
    "method": "consensus",
    "fallback": "majority",
    "agreed": "2026-02-01",
    "text": "We try for consensus first.\n\nIf we cannot agree after two meetings, we vote.",
}
coprodoc_history = False  # not a git repository; see test-history
