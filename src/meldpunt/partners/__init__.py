"""Partner organisations that send reports through the API."""
