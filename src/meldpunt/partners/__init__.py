"""Migrations only: partners became the directory's API clients (see meldpunt.directory)."""
