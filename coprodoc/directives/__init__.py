"""Directives and roles, one module per family."""
