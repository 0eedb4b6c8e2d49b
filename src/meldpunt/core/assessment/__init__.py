"""Assessments: the optional details beside the facts, and how they fit together."""
