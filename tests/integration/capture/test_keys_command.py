"""`meldpunt keys rotate`: objects stay readable under the new key, and the rotation is audited."""

import pytest
from click.testing import CliRunner

from meldpunt.audit.models import AuditEvent
from meldpunt.bootstrap import parts
from meldpunt.cli.main import cli

pytestmark = pytest.mark.django_db(transaction=True)


def test_rotate_rewraps_and_audits():
    store = parts().content_store
    ids = [store.put(f"benign {n}".encode()) for n in range(3)]
    before = store.keyring.current_id()
    result = CliRunner().invoke(cli, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "objects rewrapped" in result.output
    assert store.keyring.current_id() != before
    assert [store.get(i) for i in ids] == [f"benign {n}".encode() for n in range(3)]
    event = AuditEvent.objects.get(action="keys.rotated")
    assert event.details["rewrapped"] >= 3 and before in event.details["retired"]
