"""Fetching reported URLs without being attacked by them: address policy, pinning, limits."""
