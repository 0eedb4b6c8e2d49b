"""Files python-threatexchange writes import; files Meldpunt writes read back into it.

python-threatexchange's CLI runs in-process on its built-in sample data (no network)."""

import io

import pytest

from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.hashlists.entries import HashType, ListEntryDraft, ListKind, for_list
from meldpunt.core.hashlists.formats import FORMATS, bare_signals
from tests.support.imagesets import sample
from tests.support.threatexchange import SIGNAL_TYPES as OURS
from tests.support.threatexchange import ThreatExchangeCli

UNUSED = "signal types Meldpunt does not use (raw_text 3, trend_query 1, url 1, url_md5 1)"
KINDS = {"pdq": HashType.PDQ, "video_md5": HashType.MD5, "video_sha256": HashType.SHA256}


@pytest.fixture
def tx(tmp_path):
    return ThreatExchangeCli(tmp_path / "threatexchange")


def sample_signals():
    """The signals of python-threatexchange's sample data that Meldpunt uses, by our names."""
    return sorted(
        (KINDS[name], signal) for name, cls in OURS.items() for signal in cls.get_examples()
    )


def read_signals(reading):
    return sorted((kind, value) for e in reading.entries for kind, value in e.hashes.items())


@pytest.mark.parametrize("format_name", ["csv", "threatexchange"])
def test_its_csv_output_imports_with_the_other_signal_types_counted(tx, format_name):
    output = tx("dataset", "-P", "--csv")
    assert output.startswith("signal_type,signal_str,collab,category,tags")
    reading = for_list(FORMATS[format_name].read(output.encode()), ListKind.POSITIVE)
    assert reading.problems == []
    assert read_signals(reading) == sample_signals()
    assert [(s.count, s.reason) for s in reading.skipped] == [(6, UNUSED)]
    assert {e.source_ref for e in reading.entries} == {"Sample Signals"}


@pytest.mark.parametrize("flags", [(), ("-S",)])
def test_its_printed_signals_import(tx, flags):
    output = tx("dataset", "-P", *flags)
    reading = for_list(FORMATS["threatexchange"].read(output.encode()), ListKind.POSITIVE)
    assert reading.problems == []
    assert read_signals(reading) == sample_signals()
    assert [s.count for s in reading.skipped] == [6]


@pytest.mark.parametrize("name", sorted(OURS))
def test_its_bare_hashes_of_one_type_import(tx, name):
    output = tx("dataset", "-P", "-s", name, "-S")
    assert " " not in output.strip()
    reading = bare_signals(name).read(output.encode())
    assert reading.problems == []
    assert read_signals(reading) == sorted((KINDS[name], s) for s in OURS[name].get_examples())


def test_its_hash_command_output_imports(tx, tmp_path):
    photo = tmp_path / "coffee.png"
    sample("coffee.png").save(photo)
    output = tx("hash", "photo", str(photo))
    (entry,) = FORMATS["threatexchange"].read(output.encode()).entries
    assert entry.hashes == {HashType.PDQ: pdq_exact(photo.read_bytes()).original.hex}


def test_an_export_reads_back_into_python_threatexchange(tx, tmp_path):
    pdq = pdq_exact(_png("astronaut.png")).original.hex
    md5, sha256, sha1 = "0123456789abcdef" * 2, "ab" * 32, "cd" * 20
    entries = [
        ListEntryDraft(1, {HashType.PDQ: pdq, HashType.MD5: md5}, source_ref="case 4"),
        ListEntryDraft(2, {HashType.SHA256: sha256}),
        ListEntryDraft(3, {HashType.SHA1: sha1}),
    ]
    written, left_out = FORMATS["threatexchange"].write(entries, ListKind.POSITIVE)
    exported = tmp_path / "export.txt"
    exported.write_bytes(written)
    assert left_out == 1
    assert tx.read_back(exported) == {("pdq", pdq), ("video_md5", md5), ("video_sha256", sha256)}


def _png(name):
    buffer = io.BytesIO()
    sample(name).save(buffer, "PNG")
    return buffer.getvalue()
