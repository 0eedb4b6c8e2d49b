"""The content store's keys, as the hotline manages them."""
