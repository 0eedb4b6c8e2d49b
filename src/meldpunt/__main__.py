"""python -m meldpunt."""

from meldpunt.cli.main import main

main()
