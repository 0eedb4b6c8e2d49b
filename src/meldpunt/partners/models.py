"""A partner (platform, hotline, police unit) and the hash of its API key."""

from django.db import models


class Partner(models.Model):
    """An organisation allowed to send reports through the API."""

    name = models.CharField(max_length=120, unique=True)
    key_prefix = models.CharField(max_length=8, unique=True)
    key_digest = models.CharField(max_length=64)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
