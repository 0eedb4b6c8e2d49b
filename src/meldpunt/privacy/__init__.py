"""The privacy officer's work: opening sealed reporter contacts, on the record."""
