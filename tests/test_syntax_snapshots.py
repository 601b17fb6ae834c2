"""Every directive and role gives the same doctree in reStructuredText and
MyST Markdown, and that doctree is the one on record in tests/snapshots.

A snapshot is the directive's part of the doctree as Sphinx pickles it
(before names are filled in), without source paths and line numbers.  When
a directive changes on purpose, run ``UPDATE_SNAPSHOTS=1 make test`` and read
the diff of tests/snapshots before committing it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from tests.conftest import ROOTS

SNAPSHOTS = Path(__file__).parent / "snapshots"

#: name -> (reStructuredText, MyST Markdown), each the body of a section
CASES: dict[str, tuple[str, str]] = {
    "contribution": (
        ".. contribution::\n   :by: amira, panel\n   :role: review\n"
        "   :date: 2026-03-12\n   :via: workshop\n\n   Said that thanks is not pay.\n",
        "```{contribution}\n:by: amira, panel\n:role: review\n:date: 2026-03-12\n"
        ":via: workshop\n\nSaid that thanks is not pay.\n```\n",
    ),
    "contributors": (".. contributors::\n", "```{contributors}\n```\n"),
    "dissent": (
        ".. dissent::\n   :by: amira\n   :date: 2026-04-22\n   :status: responded\n"
        "   :name: snap-dissent\n\n   Vouchers shut people out.\n\n"
        "   .. response::\n      :by: panel\n      :resolution: accommodated\n\n"
        "      Cash is now an option.\n",
        "````{dissent}\n:by: amira\n:date: 2026-04-22\n:status: responded\n"
        ":name: snap-dissent\n\nVouchers shut people out.\n\n```{response}\n"
        ":by: panel\n:resolution: accommodated\n\nCash is now an option.\n```\n````\n",
    ),
    "decision": (
        ".. decision:: Pay on the day\n   :name: snap-decision\n   :date: 2026-05-14\n"
        "   :status: accepted\n   :method: majority\n   :for: 9\n   :against: 2\n\n"
        "   We pay in cash on the day.\n",
        "```{decision} Pay on the day\n:name: snap-decision\n:date: 2026-05-14\n"
        ":status: accepted\n:method: majority\n:for: 9\n:against: 2\n\n"
        "We pay in cash on the day.\n```\n",
    ),
    "dissent-resolved": (
        ".. dissent::\n   :by: anonymous\n   :status: resolved\n"
        "   :name: snap-resolved\n   :confirmed-via: amira\n"
        "   :confirmed: 2026-06-20\n\n   Too late in the day.\n\n"
        "   .. response::\n      :by: panel\n      :resolution: accommodated\n\n"
        "      Earlier now.\n",
        "````{dissent}\n:by: anonymous\n:status: resolved\n:name: snap-resolved\n"
        ":confirmed-via: amira\n:confirmed: 2026-06-20\n\nToo late in the day.\n\n"
        "```{response}\n:by: panel\n:resolution: accommodated\n\nEarlier now.\n"
        "```\n````\n",
    ),
    "decision-question": (
        ".. decision:: Meet earlier\n   :name: snap-question\n   :date: 2026-06-01\n"
        "   :status: accepted\n   :question: Should we meet\n      at six?\n"
        "   :chair: amira\n\n   We meet at six.\n",
        "```{decision} Meet earlier\n:name: snap-question\n:date: 2026-06-01\n"
        ":status: accepted\n:question: Should we meet at six?\n:chair: amira\n\n"
        "We meet at six.\n```\n",
    ),
    "disagreement-protocol": (
        ".. disagreement-protocol::\n",
        "```{disagreement-protocol}\n```\n",
    ),
    "dissent-register": (
        ".. dissent-register::\n   :status: open\n",
        "```{dissent-register}\n:status: open\n```\n",
    ),
    "decision-register": (".. decision-register::\n", "```{decision-register}\n```\n"),
    "plain-language": (
        ".. plain-language::\n   :audience: everyone\n\n   We pay you for your time.\n",
        "```{plain-language}\n:audience: everyone\n\nWe pay you for your time.\n```\n",
    ),
    "plain-language-coverage": (
        ".. plain-language-coverage::\n   :missing-only:\n",
        "```{plain-language-coverage}\n:missing-only:\n```\n",
    ),
    "shaped-by": (".. shaped-by::\n", "```{shaped-by}\n```\n"),
    "change-history": (
        ".. change-history::\n   :scope: section\n   :limit: 5\n",
        "```{change-history}\n:scope: section\n:limit: 5\n```\n",
    ),
    "contribution-record": (
        ".. contribution-record::\n",
        "```{contribution-record}\n```\n",
    ),
    "roles": (
        "Thanks to :contributor:`amira`, see :decision:`snap-decision` and "
        ":dissent:`the dissent <snap-dissent>`.\n",
        "Thanks to {contributor}`amira`, see {decision}`snap-decision` and "
        "{dissent}`the dissent <snap-dissent>`.\n",
    ),
}

PROTOCOL = (
    'coprodoc_disagreement_protocol = {"method": "majority", "agreed": "2026-02-01",'
    ' "text": "We vote."}\n'
)


def snapshot(doctree: nodes.document) -> str:
    """The section's content after its title, without places."""
    section = next(doctree.findall(nodes.section))
    text = "\n".join(child.pformat() for child in section.children[1:])
    return re.sub(r' (?:source|line|refdoc)="[^"]*"', "", text)


def canonical(text: str) -> str:
    """Booleans written one way: docutils 0.21 and later write those it
    knows as ``"1"``/``"0"``, 0.20 as ``"True"``/``"False"``, so snapshots
    compare the same on every supported docutils."""
    text = re.sub(r'( [\w-]+)="True"', r'\1="1"', text)
    return re.sub(r'( [\w-]+)="False"', r'\1="0"', text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One site with a page per case and syntax (built once)."""
    src = tmp_path_factory.mktemp("snapshots") / "site"
    shutil.copytree(ROOTS / "test-basic", src)
    (src / "conf.py").write_text((src / "conf.py").read_text() + PROTOCOL)
    pages = []
    for name, (rst, md) in CASES.items():
        title = f"Case {name}"
        underline = "=" * len(title)
        (src / f"{name}-rst.rst").write_text(f"{title}\n{underline}\n\n{rst}")
        (src / f"{name}-md.md").write_text(f"# {title}\n\n{md}")
        pages += [f"{name}-rst", f"{name}-md"]
    index = src / "index.rst"
    index.write_text(
        index.read_text()
        + "\n.. toctree::\n\n"
        + "".join(f"   {page}\n" for page in pages)
    )
    app = SphinxTestApp("html", srcdir=src)
    app.build()
    yield app
    app.cleanup()


@pytest.mark.parametrize("name", sorted(CASES))
def test_rst_and_myst_give_the_doctree_on_record(name, built):
    rst = snapshot(built.env.get_doctree(f"{name}-rst"))
    md = snapshot(built.env.get_doctree(f"{name}-md"))
    assert rst == md
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(rst + "\n")
    if not path.exists():
        pytest.fail(f"no snapshot for {name}: run UPDATE_SNAPSHOTS=1 make test")
    assert canonical(rst + "\n") == canonical(path.read_text()), (
        f"{name} differs from {path}"
    )
