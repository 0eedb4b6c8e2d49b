"""Meldpunt: case management for child-safety hotlines."""

__version__ = "0.1.0"
