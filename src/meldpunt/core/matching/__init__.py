"""Matching hashes against known-content lists: exact digests and near PDQ neighbours."""
