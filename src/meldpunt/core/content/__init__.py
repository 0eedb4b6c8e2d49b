"""Content identity: the same bytes wherever they are found, and groups of near copies."""
