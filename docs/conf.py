# The coprodoc documentation, built with coprodoc itself.
import sys
from pathlib import Path

# Reference tables made from coprodoc's code (warning types, settings).
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "coprodoc"
author = "coprodoc maintainers"
copyright = "2026, coprodoc maintainers"

extensions = ["myst_parser", "coprodoc", "coprodoc_reference"]
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
