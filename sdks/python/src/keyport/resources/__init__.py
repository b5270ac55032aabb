"""One module per resource of the management API."""
