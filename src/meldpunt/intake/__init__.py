"""Intake: reports from the public form, partner API and CSV imports."""
