"""The `meldpunt` command line."""
