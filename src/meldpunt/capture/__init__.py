"""Capture: fetching reported URLs, storing what they serve encrypted, hashing and matching it."""
