"""Hash lists in the database: whole imports, faithful exports, matching files from the CLI."""

import base64
import json
import os
import random

import pytest
from click.testing import CliRunner

from meldpunt.audit.models import AuditEvent
from meldpunt.audit.services import Actor
from meldpunt.cli.main import cli
from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.hashlists.entries import Classification, ListKind
from meldpunt.core.hashlists.formats import FORMATS
from meldpunt.lists.models import HashList, HashListEntry
from meldpunt.lists.services import (
    ListImportRejected,
    create_list,
    export_entries,
    import_entries,
)
from tests.support.imagesets import encode, sample, variant

pytestmark = pytest.mark.django_db(transaction=True)

PDQS = [f"{n:02x}" * 32 for n in (0x11, 0x2C, 0x3D)]
MD5 = "0123456789abcdef0123456789abcdef"
SHA1 = "0123456789abcdef0123456789abcdef01234567"
SHA256 = "ab" * 32
PHOTODNA = base64.b64encode(bytes(range(144))).decode()

FILES = {
    "threatexchange": "".join(f"pdq {p}\n" for p in PDQS) + f"md5 {MD5}\n",
    "csv": f"hash_type,hash,classification\npdq,{PDQS[0]},A1\nmd5,{MD5},\nsha1,{SHA1},B2\n"
    f"sha256,{SHA256},national\nphotodna,{PHOTODNA},\n",
    "vics": json.dumps(
        {
            "value": [
                {
                    "MediaID": 4,
                    "Category": 1,
                    "MD5": MD5.upper(),
                    "SHA1": SHA1,
                    "PhotoDNA": PHOTODNA,
                },
                {"MediaID": 5, "Category": 3, "SHA1": "f" * 40},
            ]
        }
    ),
}


def police(name="police"):
    return create_list(
        name, ListKind.POSITIVE, Actor.system(), classification=Classification.BASELINE
    )


def exported_hashes(hash_list, format_name):
    data, left_out = export_entries(hash_list, FORMATS[format_name])
    assert left_out == 0
    reading = FORMATS[format_name].read(data)
    return sorted(
        (k.value, v, e.classification) for e in reading.entries for k, v in e.hashes.items()
    )


@pytest.mark.parametrize("format_name", sorted(FILES))
def test_import_then_export_round_trips(format_name):
    first = police()
    data = FILES[format_name].encode()
    summary = import_entries(first, FORMATS[format_name], data, Actor.system())
    assert summary.added == len(FORMATS[format_name].read(data).entries)
    exported, _ = export_entries(first, FORMATS[format_name])
    second = police("police copy")
    import_entries(second, FORMATS[format_name], exported, Actor.system())
    assert exported_hashes(second, format_name) == exported_hashes(first, format_name)
    original = FORMATS[format_name].read(data)
    assert exported_hashes(first, format_name) == sorted(
        (k.value, v, e.classification) for e in original.entries for k, v in e.hashes.items()
    )
    assert second.entries.count() == first.entries.count() == len(original.entries)
    assert AuditEvent.objects.filter(action="lists.imported").count() == 2


@pytest.mark.parametrize("format_name", ["csv", "vics"])
def test_entries_with_several_hashes_come_back_whole(format_name):
    first = police()
    media = [
        {"MediaID": n, "Category": 1, "MD5": f"{n:032x}", "SHA1": f"{n:040x}", "PhotoDNA": PHOTODNA}
        for n in range(1, 4)
    ]
    import_entries(first, FORMATS["vics"], json.dumps({"value": media}).encode(), Actor.system())
    exported, _ = export_entries(first, FORMATS[format_name])
    second = police("police copy")
    summary = import_entries(second, FORMATS[format_name], exported, Actor.system())
    assert summary.added == second.entries.count() == 3
    columns = ("md5", "sha1", "photodna", "classification")
    assert set(second.entries.values_list(*columns)) == set(first.entries.values_list(*columns))


@pytest.mark.parametrize(
    ("format_name", "damaged"),
    [
        ("threatexchange", FILES["threatexchange"] + "pdq nothex\n"),
        ("csv", FILES["csv"] + "md5,123,\n"),
        ("vics", FILES["vics"][:-20]),
        ("vics", FILES["vics"].replace('"Category": 3', '"Category": 3.5')),
        ("vics", '{"value": ' + "[" * 50_000 + "]" * 50_000 + "}"),
    ],
)
def test_a_corrupted_file_changes_nothing(format_name, damaged):
    hash_list = police()
    import_entries(
        hash_list, FORMATS["threatexchange"], f"pdq {PDQS[2]}\n".encode(), Actor.system()
    )
    before = list(HashListEntry.objects.values_list("pk", "pdq", "md5"))
    with pytest.raises(ListImportRejected):
        import_entries(hash_list, FORMATS[format_name], damaged.encode(), Actor.system())
    assert list(HashListEntry.objects.values_list("pk", "pdq", "md5")) == before


def test_a_failure_while_writing_rolls_the_whole_import_back(monkeypatch):
    hash_list = police()
    monkeypatch.setattr("meldpunt.lists.services.BATCH", 2)
    calls = []

    def fail_on_second_batch(count):
        calls.append(count)
        if len(calls) == 2:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        import_entries(
            hash_list,
            FORMATS["threatexchange"],
            FILES["threatexchange"].encode(),
            Actor.system(),
            progress=fail_on_second_batch,
        )
    assert HashListEntry.objects.count() == 0


def test_negative_lists_take_no_classification_and_no_abuse_records():
    stock = create_list("stock", ListKind.NEGATIVE, Actor.system())
    with pytest.raises(ListImportRejected) as rejected:
        import_entries(stock, FORMATS["csv"], f"pdq,{PDQS[0]},A1\n".encode(), Actor.system())
    assert "takes no classification" in rejected.value.problems[0].message
    summary = import_entries(stock, FORMATS["vics"], FILES["vics"].encode(), Actor.system())
    assert (summary.added, sum(s.count for s in summary.skipped)) == (0, 2)
    assert HashListEntry.objects.count() == 0


def test_a_known_benign_vics_set_goes_on_a_negative_list_and_comes_back_as_category_zero():
    stock = create_list("stock", ListKind.NEGATIVE, Actor.system())
    benign = {"value": [{"MediaID": 40 + n, "Category": 0, "SHA1": f"{n:040x}"} for n in range(3)]}
    summary = import_entries(stock, FORMATS["vics"], json.dumps(benign).encode(), Actor.system())
    assert (summary.added, summary.skipped) == (3, ())
    exported, _ = export_entries(stock, FORMATS["vics"])
    assert [(m["MediaID"], m["Category"]) for m in json.loads(exported)["value"]] == [
        (40, 0),
        (41, 0),
        (42, 0),
    ]
    with pytest.raises(ListImportRejected) as rejected:
        import_entries(police(), FORMATS["vics"], b'{"value": [{"Category": 1}]}', Actor.system())
    assert str(rejected.value) == "1 record has a problem"


def test_vics_media_ids_are_kept_through_import_and_export():
    hash_list = police()
    import_entries(hash_list, FORMATS["vics"], FILES["vics"].encode(), Actor.system())
    assert sorted(hash_list.entries.values_list("vics_media_id", flat=True)) == [4, 5]
    exported, _ = export_entries(hash_list, FORMATS["vics"])
    assert [m["MediaID"] for m in json.loads(exported)["value"]] == [4, 5]


def test_a_positive_list_needs_a_classification():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        create_list("unclassified", ListKind.POSITIVE, Actor.system())
    assert not HashList.objects.exists()


def image_files(tmp_path):
    rng = random.Random(4)
    listed = encode(variant(sample("chelsea.png"), (900, 700), rng), "JPEG", 92)
    stranger = encode(variant(sample("rocket.jpg"), (800, 600), rng), "JPEG", 92)
    (tmp_path / "copy.jpg").write_bytes(
        encode(variant(sample("chelsea.png"), (900, 700), random.Random(4)), "PNG")
    )
    (tmp_path / "stranger.jpg").write_bytes(stranger)
    return listed


def test_cli_import_show_match_and_export(tmp_path):
    listed = image_files(tmp_path)
    run = CliRunner().invoke
    assert (
        run(
            cli, ["lists", "create", "police", "--kind", "positive", "--classification", "A1"]
        ).exit_code
        == 0
    )
    te_file = tmp_path / "police.txt"
    te_file.write_text(f"pdq {pdq_exact(listed).original.hex} case-9\n")
    result = run(cli, ["lists", "import", "police", str(te_file)])
    assert result.exit_code == 0, result.output
    assert "1 new entries" in result.output
    assert "police  (positive, A1; threshold 31" in run(cli, ["lists", "show"]).output

    result = run(
        cli, ["match", "--json", str(tmp_path / "copy.jpg"), str(tmp_path / "stranger.jpg")]
    )
    assert result.exit_code == 0, result.output
    copy, stranger = (json.loads(line) for line in result.output.strip().splitlines()[-2:])
    assert copy["known"] and copy["matches"][0]["list"] == "police"
    assert copy["matches"][0]["classification"] == "A1" and copy["matches"][0]["distance"] <= 31
    assert not stranger["known"]

    out = tmp_path / "export.csv"
    assert run(cli, ["lists", "export", "police", "--format", "csv", "-o", str(out)]).exit_code == 0
    assert out.read_text().splitlines()[1] == f"{pdq_exact(listed).original.hex},,,,,,case-9"


def test_cli_refuses_bad_files_and_unknown_lists(tmp_path):
    run = CliRunner().invoke
    run(cli, ["lists", "create", "police", "--kind", "positive", "--classification", "A1"])
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"pdq,abc,A1\nmd5," + MD5.encode() + b",Z9\n")
    result = run(cli, ["lists", "import", "police", str(bad)])
    assert result.exit_code == 1
    assert "line 1: a PDQ hash is 64 hex characters, not 3" in result.output
    assert "line 2: unknown classification 'Z9'" in result.output
    assert "Nothing was imported: 2 lines have problems" in result.output
    assert "no list named 'nope'" in run(cli, ["lists", "import", "nope", str(bad)]).output
    assert "No list named 'nope'" in run(cli, ["match", "--list", "nope", str(bad)]).output
    result = run(cli, ["lists", "create", "again", "--kind", "positive"])
    assert result.exit_code == 1 and "classification" in result.output


def test_cli_match_refuses_special_files_and_matches_the_rest(tmp_path):
    listed = image_files(tmp_path)
    run = CliRunner().invoke
    run(cli, ["lists", "create", "police", "--kind", "positive", "--classification", "A1"])
    (tmp_path / "police.txt").write_text(f"pdq {pdq_exact(listed).original.hex}\n")
    assert run(cli, ["lists", "import", "police", str(tmp_path / "police.txt")]).exit_code == 0
    os.mkfifo(tmp_path / "pipe")
    result = run(cli, ["match", "/dev/zero", str(tmp_path / "pipe"), str(tmp_path / "copy.jpg")])
    assert result.exit_code == 1
    assert "/dev/zero: not matched: not a regular file: a character device" in result.stdout
    assert "pipe: not matched: not a regular file: a FIFO (named pipe)" in result.stdout
    assert f"{tmp_path / 'copy.jpg'}: KNOWN" in result.stdout
    assert "2 of 3 files could not be hashed." in result.stderr
