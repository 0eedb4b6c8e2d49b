"""Reading a case's state in tests, from a capture or an item."""

from meldpunt.cases.models import Case


def case_state(capture_or_item) -> str:
    """The state of the case the capture's item (or the item) belongs to, as stored now."""
    item_id = getattr(capture_or_item, "item_id", None) or capture_or_item.pk
    return Case.objects.get(item_id=item_id).state
