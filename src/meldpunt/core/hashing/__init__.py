"""Hashing what was captured: exact digests and PDQ perceptual hashes."""
