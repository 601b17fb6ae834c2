"""The contribution record: what auditors read, as data.

:mod:`~coprodoc.record.model` derives it from a build's environment, git
history and registry; :mod:`~coprodoc.record.files` writes it as JSON and
CSV; :mod:`~coprodoc.record.builder` is the ``coprodoc-record`` builder;
:mod:`~coprodoc.record.exports` turns it into ``.all-contributorsrc`` and
``CITATION.cff``; :mod:`~coprodoc.record.verify` re-derives it to check a
published copy.
"""
