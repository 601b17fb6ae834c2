"""The files ``coprodoc init`` writes: a small, working policy site.

Every file is plain text a non-programmer can read and edit, with comments
that say what each part is for.  The site builds cleanly with
``sphinx-build -W`` as soon as it is written.
"""

from __future__ import annotations

#: coprodoc's documentation (``project.urls`` in pyproject.toml says the same).
DOCUMENTATION = "https://coprodoc.readthedocs.io/"

CONF_PY = """\
# Settings for your policy site. Sphinx's own settings are explained at
# https://www.sphinx-doc.org/en/master/usage/configuration.html and the
# coprodoc_* ones in coprodoc's documentation, {documentation}
# (Reference > Configuration; the guides there explain the rest).

project = {project_literal}
author = {author_literal}
copyright = {copyright_literal}

# coprodoc adds contributions, dissent and decisions, plain-language summaries
# and change history. myst_parser lets you write pages in Markdown;
# colon_fence lets you write blocks with ::: (easier to nest: a response
# inside a dissent).
extensions = ["myst_parser", "coprodoc"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {{".md": "markdown", ".rst": "restructuredtext"}}
exclude_patterns = ["_build", ".github", "README.md"]

# Who helped write the policy, and how each person wants to be named.
coprodoc_contributors = "contributors.yaml"

# How the group will handle disagreement. This is a PROPOSAL for the group to
# discuss at its first meeting: change it to what the group agrees, then add
# the day it was agreed, for example "agreed": "2026-05-14". Until then the
# site shows it as "proposed, not agreed yet".
coprodoc_disagreement_protocol = {{
    "method": "consensus",
    "fallback": "majority",
    "text": "We aim for consensus. If we cannot agree after two meetings, "
    "we vote, and a majority decides. Anyone who disagrees can have their "
    "view recorded, in their own words, next to the text it is about.",
}}

# Show who shaped each section, from the git history ("auto": when the site
# is in a git repository with commits; say nothing otherwise).
coprodoc_history = "auto"
coprodoc_shaped_by = "auto"
# coprodoc_repo_url = "https://github.com/your-organisation/your-policy"

# The contribution record (coprodoc-record.json and CSV files) published
# beside the site, for auditors; `coprodoc record verify` checks it against
# the git history. Sections shaped only by these groups of contributors.yaml
# (your own staff) are flagged in it.
coprodoc_record = True
coprodoc_organisation_groups = ["staff"]
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
#
# groups: "staff" is your own organisation (coprodoc_organisation_groups in
# conf.py); the contribution record flags sections that nobody outside it
# helped to shape. Add a person to "panel" (or a group of your own) when they
# take part from outside the organisation.

people:
  - id: p01
    name: Your Name
    display: name
    groups: [staff]
    roles: [drafting, facilitation]
    git: ["you@example.org"]
    consent:
      given: {today}
      recorded-by: p01

groups:
  - id: staff
    name: Our staff
  - id: panel
    name: Lived experience panel
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

## How we decide

% The protocol below is a proposal (coprodoc_disagreement_protocol in
% conf.py). When the group has agreed how it handles disagreement, add the
% day it was agreed there, and change the decision below to
% :status: accepted, with :date:, :method: and :deciders:.

```{{disagreement-protocol}}
```

```{{decision}} How we handle disagreement
:name: how-we-decide
:status: proposed

At our first meeting we agree how we handle disagreement: the protocol
above, or another one the group prefers.
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
.coprodoc-cache/
.venv/
__pycache__/
"""

REQUIREMENTS = """\
# What the site needs to build: GitHub Actions and Read the Docs install
# from this file. coprodoc is pinned to the version that started the site
# (coprodoc init); raise it when you upgrade, once a local build works.
# Add your theme here if you use one (for example furo).
coprodoc=={version}
"""

READTHEDOCS = """\
# Read the Docs builds the policy site with this file.
# https://docs.readthedocs.io/en/stable/config-file/v2.html
version: 2

build:
  os: ubuntu-24.04
  tools:
    python: "3.13"
  jobs:
    post_checkout:
      # Read the Docs fetches only the latest commits; coprodoc needs the
      # whole history to credit every change. A clone that is already
      # complete has nothing to fetch ("|| true").
      - git fetch --unshallow || true

python:
  install:
    - requirements: requirements.txt

sphinx:
  configuration: conf.py
  # A problem coprodoc finds (an unknown id, a consent error) stops the
  # build, with the file and line, instead of publishing it.
  fail_on_warning: true
"""

WORKFLOW = """\
# Checks every suggested change, builds the policy site with its
# contribution record, and publishes it on GitHub Pages from the main
# branch (Settings > Pages > Source: GitHub Actions). Written by coprodoc init.
name: policy

on:
  push:
    branches: [main]  # the branch the site is published from
  pull_request:
  workflow_dispatch:

# Read the repository, nothing more; only the publishing job may do more.
permissions:
  contents: read

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
        with:
          fetch-depth: 0  # the whole history, so every change is credited
          persist-credentials: false
      - uses: actions/setup-python@v6
        with:
          python-version: "3.13"
          cache: pip
          cache-dependency-path: requirements.txt
      - name: Install coprodoc
        run: pip install -r requirements.txt
      - name: Check the suggested change
        if: github.event_name == 'pull_request'
        env:
          BASE: ${{ github.base_ref }}
        run: coprodoc check . --format github --changed-since "origin/$BASE"
      # coprodoc's history cache, kept between runs so a build reads only
      # the commits since the last one. Pull requests build without it:
      # they run the suggested version of this file, and the folder holds
      # the site's secret.
      - name: Keep the history cache
        if: github.event_name != 'pull_request'
        uses: actions/cache@v4
        with:
          path: .coprodoc-cache
          key: coprodoc-history-${{ github.sha }}
          restore-keys: coprodoc-history-
      - name: Build the site and its contribution record
        run: >-
          sphinx-build -W --keep-going -b html -d _build/doctrees
          -D coprodoc_cache_dir=.coprodoc-cache . _build/html
      - name: Check the record against the history
        run: coprodoc record verify _build/html/coprodoc-record.json
      - name: Keep the site for publishing
        if: github.event_name != 'pull_request'
        uses: actions/upload-pages-artifact@v5
        with:
          path: _build/html

  publish:
    if: >-
      github.event_name != 'pull_request'
      && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    concurrency:
      group: pages
      cancel-in-progress: false  # a publication that started is finished
    steps:
      - name: Publish on GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v5
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

#: path -> template; all are formatted with ``project``, ``today`` and
#: ``version`` (coprodoc's own), except those in :data:`RAW`.
FILES = {
    "conf.py": CONF_PY,
    "contributors.yaml": CONTRIBUTORS_YAML,
    "index.md": INDEX_MD,
    "requirements.txt": REQUIREMENTS,
    ".gitignore": GITIGNORE,
    ".readthedocs.yaml": READTHEDOCS,
    ".github/workflows/policy.yml": WORKFLOW,
    ".github/pull_request_template.md": PR_TEMPLATE,
}

#: Templates that contain GitHub's own ``${{ }}`` syntax are not formatted.
RAW = frozenset(
    {
        ".github/workflows/policy.yml",
        ".github/pull_request_template.md",
        ".gitignore",
        ".readthedocs.yaml",
    }
)
