"""Assessment tests use the capture tests' fixtures: fresh parts, a reachable local site, a list."""

from tests.integration.capture.conftest import (  # noqa: F401 (fixtures, found by name)
    _fresh_parts,
    local_site_reachable,
    police_list,
)
