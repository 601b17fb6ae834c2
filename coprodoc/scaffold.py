"""The files ``coprodoc init`` writes: a small, working policy site.

Every file is plain text a non-programmer can read and edit, with comments
that say what each part is for.  The site builds cleanly with
``sphinx-build -W`` as soon as it is written.
"""

from __future__ import annotations

CONF_PY = """\
# Settings for your policy site. See https://www.sphinx-doc.org for Sphinx's
# own settings, and the coprodoc documentation for the coprodoc_* ones.

project = {project_literal}
author = {author_literal}
copyright = {copyright_literal}

# coprodoc adds contributions, dissent and decisions, plain-language summaries
# and change history. myst_parser lets you write pages in Markdown.
extensions = ["myst_parser", "coprodoc"]
source_suffix = {{".md": "markdown", ".rst": "restructuredtext"}}
exclude_patterns = ["_build", ".github", "README.md"]

# Who helped write the policy, and how each person wants to be named.
coprodoc_contributors = "contributors.yaml"

# What the group agreed, at the start, about handling disagreement.
coprodoc_disagreement_protocol = {{
    "method": "consensus",
    "fallback": "majority",
    "agreed": "{today}",
    "text": "We aim for consensus. If we cannot agree after two meetings, "
    "we vote, and a majority decides. Anyone who disagrees can have their "
    "view recorded, in their own words, next to the text it is about.",
}}

# Show who shaped each section, from the git history ("auto": when the site
# is in a git repository with commits; say nothing otherwise).
coprodoc_history = "auto"
coprodoc_shaped_by = "auto"
# coprodoc_repo_url = "https://github.com/your-organisation/your-policy"
"""

CONTRIBUTORS_YAML = """\
# Everyone who helped write this policy, and how they want to be named.
#
# Pages refer to people by their `id` only. Choose ids that do not give away
# a name (p01, p02, ...) for anyone who is not shown by name.
#
# display:  name        - shown by their name
#           pseudonym   - shown by the pseudonym they chose
#           group-only  - shown as "a member of" their first group
#           anonymous   - not named at all
#
# Nobody is named until their consent is recorded (consent: given: DATE).
# If they withdraw (consent: withdrawn: DATE), they are shown as anonymous
# everywhere on the next build.
#
# git: the email addresses (or names) they use for git, so their changes are
# credited to them. Emails are never published.

people:
  - id: p01
    name: Your Name
    display: name
    groups: [team]
    roles: [drafting, facilitation]
    git: ["you@example.org"]
    consent:
      given: {today}
      recorded-by: p01

groups:
  - id: team
    name: Policy team
"""

INDEX_MD = """\
# {project}

```{{plain-language}}
:audience: everyone

This page says what the policy is for. Anyone can read it.
```

Write the first part of your policy here.

```{{contribution}}
:by: p01
:role: drafting
:date: {today}
:via: first draft

Started the policy.
```

## Decisions

```{{disagreement-protocol}}
```

```{{decision}} Start the policy together
:name: start-together
:date: {today}
:status: accepted
:method: consensus
:deciders: team

We write this policy together with the people it affects.
```

## Who shaped this policy

```{{contributors}}
```

```{{decision-register}}
```

```{{dissent-register}}
```

```{{plain-language-coverage}}
```
"""

GITIGNORE = """\
_build/
.venv/
__pycache__/
"""

WORKFLOW = """\
# Builds the policy site and checks every suggested change.
name: policy

on:
  push:
    branches: [main]
  pull_request:

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the whole history, so every change is credited
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install coprodoc
      - name: Check the suggested change
        if: github.event_name == 'pull_request'
        run: >
          coprodoc check . --format github
          --changed-since origin/${{ github.base_ref }}
      - name: Build the site
        run: sphinx-build -W -b html . _build/html
"""

PR_TEMPLATE = """\
## What does this change?

<!-- In a few words: what did you change, and why? -->

## Who helped?

<!-- Everyone who helped should get credit. For each person, add a line at
     the end of your commit message, like:
     Co-authored-by: Their Name <their-email@example.org>
     Reviewed-by, Tested-by and Suggested-by work the same way. -->

## How do you want to be named?

<!-- Pick one. You can change your mind at any time. -->

- [ ] By my name
- [ ] By a pseudonym (a name I choose): ...
- [ ] Only as a member of a group: ...
- [ ] Not at all (anonymous)

If you are not in `contributors.yaml` yet, the team will add you and record
your consent before your name appears anywhere.
"""

#: path -> template; all are formatted with ``project`` and ``today``.
FILES = {
    "conf.py": CONF_PY,
    "contributors.yaml": CONTRIBUTORS_YAML,
    "index.md": INDEX_MD,
    ".gitignore": GITIGNORE,
    ".github/workflows/policy.yml": WORKFLOW,
    ".github/pull_request_template.md": PR_TEMPLATE,
}

#: Templates that contain GitHub's own ``${{ }}`` syntax are not formatted.
RAW = frozenset(
    {".github/workflows/policy.yml", ".github/pull_request_template.md", ".gitignore"}
)
