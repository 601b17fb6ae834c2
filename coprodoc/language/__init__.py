"""Plain language: readability, acronyms and labelling terms.

Everything here runs offline on text coprodoc already has: no corpora, models
or dictionaries are downloaded, at install or at run time.
"""
