"""Hash lists: known-content lists imported from partners and the hotline's own."""
