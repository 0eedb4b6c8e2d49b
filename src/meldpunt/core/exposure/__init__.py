"""Exposure: how long an analyst has seen revealed content, and the limits that protect them."""
