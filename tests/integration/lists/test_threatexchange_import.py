"""`meldpunt lists` with python-threatexchange on the other side: its files import, with the
signal types Meldpunt does not use counted, and Meldpunt's exports read back into it."""

import pytest
from click.testing import CliRunner

from meldpunt.cli.main import cli
from meldpunt.lists.models import HashListEntry
from tests.support.threatexchange import SIGNAL_TYPES, ThreatExchangeCli

pytestmark = pytest.mark.django_db(transaction=True)

UNUSED = "signal types Meldpunt does not use (raw_text 3, trend_query 1, url 1, url_md5 1)"


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def tx(tmp_path):
    return ThreatExchangeCli(tmp_path / "threatexchange")


@pytest.fixture
def police():
    args = ("lists", "create", "police", "--kind", "positive", "--classification", "A1")
    assert run(*args).exit_code == 0


def sample_signals():
    return {(name, s) for name, cls in SIGNAL_TYPES.items() for s in cls.get_examples()}


@pytest.mark.parametrize(
    ("flags", "suffix"), [(("--csv",), ".csv"), (("--csv",), ".txt"), ((), ".txt")]
)
def test_its_dataset_output_imports_with_the_other_types_counted(
    tmp_path, tx, police, flags, suffix
):
    file = tmp_path / f"partner{suffix}"
    file.write_text(tx("dataset", "-P", *flags))
    result = run("lists", "import", "police", str(file))
    assert result.exit_code == 0, result.output
    assert "Imported into 'police': 20 new entries, 0 already listed." in result.output
    assert f"Skipped 6 lines: {UNUSED}." in result.output


def test_bare_hashes_import_with_their_signal_type(tmp_path, tx, police):
    file = tmp_path / "hashes.txt"
    file.write_text(tx("dataset", "-P", "-s", "video_sha256", "-S"))
    result = run("lists", "import", "police", str(file))
    assert result.exit_code == 1 and "no signal type before the hash" in result.output
    result = run("lists", "import", "police", str(file), "--signal-type", "video_sha256")
    assert result.exit_code == 0, result.output
    assert HashListEntry.objects.exclude(sha256="").count() == 2
    result = run("lists", "import", "police", str(file), "--signal-type", "pdq", "--format", "csv")
    assert result.exit_code == 2 and "--signal-type reads ThreatExchange files" in result.output


def test_an_export_reads_back_into_python_threatexchange(tmp_path, tx, police):
    given = tmp_path / "partner.csv"
    given.write_text(tx("dataset", "-P", "--csv"))
    assert run("lists", "import", "police", str(given)).exit_code == 0
    exported = tmp_path / "export.txt"
    result = run("lists", "export", "police", "--format", "threatexchange", "-o", str(exported))
    assert result.exit_code == 0, result.output
    assert tx.read_back(exported) == sample_signals()


@pytest.mark.parametrize("format_name", ["csv", "vics", "threatexchange"])
def test_every_format_round_trips_its_entries(tmp_path, tx, police, format_name):
    given = tmp_path / "partner.csv"
    given.write_text(tx("dataset", "-P", "--csv"))
    run("lists", "import", "police", str(given))
    exported = tmp_path / f"export.{format_name}"
    run("lists", "export", "police", "--format", format_name, "-o", str(exported))
    run("lists", "create", "copy", "--kind", "positive", "--classification", "A1")
    result = run("lists", "import", "copy", str(exported), "--format", format_name)
    assert result.exit_code == 0, result.output
    carried = {"vics": 2, "csv": 20, "threatexchange": 20}[format_name]  # VICS: MD5 only
    assert f"{carried} new entries" in result.output
    columns = ("pdq", "md5", "sha256")
    original = set(HashListEntry.objects.filter(hash_list__name="police").values_list(*columns))
    copied = set(HashListEntry.objects.filter(hash_list__name="copy").values_list(*columns))
    assert copied <= original and len(copied) == carried
