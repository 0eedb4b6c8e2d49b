"""Cases: one per reported address, with its workflow state and a timeline of typed events."""
