"""What intake tells other apps, inside the transaction that stores a report."""

from django.dispatch import Signal

items_reported = Signal()
"""Sent with `new` (ids of the items this intake created), `again` (ids of the items that
were there already and were reported again) and `actor` (who reported them), before the
intake commits. Items are
created in bulk, so Item's post_save is not sent for them: listen here instead."""
