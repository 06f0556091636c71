"""Calls into tools/: one module per capability, each returning `Facts`."""
