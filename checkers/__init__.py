"""Engines, the exact kernel, runner, reports and gate of the loss-landscape theorem checker."""
__version__ = "0.8.0"
