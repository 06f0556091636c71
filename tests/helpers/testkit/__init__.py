"""Shared test helpers (on sys.path through pytest's `pythonpath`; never shipped)."""
