"""The one API at /api/v1/: shared authentication, problem answers and OpenAPI."""
