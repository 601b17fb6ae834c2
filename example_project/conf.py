# The example: a community organisation's policy on paying people for their
# involvement, co-produced with its Lived Experience Panel.
project = "Paying people for their involvement"
author = "Riverside Community Health Network"
copyright = "2026, Riverside Community Health Network and contributors"
version = release = "2026.1"

extensions = ["myst_parser", "coprodoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]

html_theme = "alabaster"
html_title = "Paying people for their involvement"

# The contributors registry (this is the default; shown here for clarity).
coprodoc_contributors = "contributors.yaml"

# A role this project uses that is not in coprodoc's vocabulary.
coprodoc_roles = {
    "peer-support": {
        "label": "Peer support",
        "all-contributors": ["ideas"],
    },
}

# What the panel agreed at its first meeting about handling disagreement.
coprodoc_disagreement_protocol = {
    "method": "consensus",
    "fallback": "majority",
    "agreed": "2026-02-20",
    "text": (
        "We aim for consensus. If we have not reached it after two meetings, "
        "we vote, and a majority decides.\n\n"
        "Anyone who disagrees with a decision can have their view recorded, "
        "in their own words, next to the part of the policy it is about. "
        "The involvement team answers every recorded disagreement in writing "
        "within four weeks."
    ),
}

# Git history: a "Shaped by" block in every section, and links to the
# (fictional) repository's commits and pull requests.
coprodoc_shaped_by = "auto"
coprodoc_repo_url = "https://github.com/riverside-example/payment-policy"
coprodoc_trailers = {"Translated-by": "translation"}

# The contribution record: coprodoc-record.json and CSV files beside the
# HTML (linked from record.md), with an .all-contributorsrc and a
# CITATION.cff made from it.  Only the "staff" group counts as the
# organisation itself: a section nobody else shaped is flagged.
coprodoc_record = True
coprodoc_record_exports = ["all-contributors", "cff"]
coprodoc_organisation_groups = ["staff"]

# "Who wrote this page": every page links to its text with each passage
# marked by who wrote it (_authorship/<page>.html).
coprodoc_authorship_view = True
