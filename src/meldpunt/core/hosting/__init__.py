"""Hosting trace: where an address is hosted and whom to notify, from pluggable sources."""
