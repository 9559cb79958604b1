"""Residency rotation scheduling engine: validated input, CP-SAT model, independent checker."""

__version__ = "0.1.0"
