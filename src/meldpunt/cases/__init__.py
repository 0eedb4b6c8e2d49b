"""Cases: the workflow of each reported address from receipt to removal, and content identity."""
