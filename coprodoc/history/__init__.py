"""Git history: one pass over the log, attribution per line and per word.

The engine replays ``git log --first-parent -p -U0`` once, oldest first,
keeping for every tracked file which change last shaped each line (and each
word).  That is ``git blame --first-parent`` for every file at once, without
one git process per file.
"""
