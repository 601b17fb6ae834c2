"""The directives and roles, one module per family.

:func:`setup` registers them all; the placeholders some of them leave are
filled when pages are written (see :mod:`coprodoc.resolve`,
:mod:`coprodoc.directives.shaped_by` and :mod:`coprodoc.directives.record`).
"""

from __future__ import annotations

from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from coprodoc.directives.contribution import ContributionDirective, ContributorRole
    from coprodoc.directives.contributors import ContributorsDirective
    from coprodoc.directives.decision import DecisionDirective, ProtocolDirective
    from coprodoc.directives.dissent import DissentDirective, ResponseDirective
    from coprodoc.directives.record import ContributionRecordDirective
    from coprodoc.directives.registers import (
        DecisionRegisterDirective,
        DissentRegisterDirective,
    )
    from coprodoc.directives.shaped_by import ChangeHistoryDirective, ShapedByDirective
    from coprodoc.directives.summary import (
        CoverageDirective,
        MoveSummariesToTop,
        PlainLanguageDirective,
    )

    app.add_directive("contribution", ContributionDirective)
    app.add_directive("contributors", ContributorsDirective)
    app.add_role("contributor", ContributorRole())
    app.add_directive("dissent", DissentDirective)
    app.add_directive("response", ResponseDirective)
    app.add_directive("decision", DecisionDirective)
    app.add_directive("disagreement-protocol", ProtocolDirective)
    app.add_directive("dissent-register", DissentRegisterDirective)
    app.add_directive("decision-register", DecisionRegisterDirective)
    app.add_directive("plain-language", PlainLanguageDirective)
    app.add_directive("plain-language-coverage", CoverageDirective)
    app.add_transform(MoveSummariesToTop)
    app.add_directive("shaped-by", ShapedByDirective)
    app.add_directive("change-history", ChangeHistoryDirective)
    app.add_directive("contribution-record", ContributionRecordDirective)
