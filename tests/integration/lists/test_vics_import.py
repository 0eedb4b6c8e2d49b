"""`meldpunt lists import` of VICS files as real exporters write them: counts, not tracebacks."""

import base64
import json

import pytest
from click.testing import CliRunner

from meldpunt.cli.main import cli
from meldpunt.lists.models import HashListEntry

pytestmark = pytest.mark.django_db(transaction=True)

PHOTODNA = base64.b64encode(bytes(range(144))).decode()


def md5(n):
    return f"{n:032x}"


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def police():
    args = ("lists", "create", "police", "--kind", "positive", "--classification", "A1")
    assert run(*args).exit_code == 0


def test_missing_null_and_text_categories_import_with_counts(tmp_path, police):
    media = [
        {"MediaID": 1, "Category": 1, "MD5": md5(1)},
        {"MediaID": 2, "Category": "1", "MD5": md5(2)},
        {"MediaID": 3, "Category": "3", "MD5": md5(3)},
        {"MediaID": 4, "MD5": md5(4)},
        {"MediaID": 5, "Category": None, "MD5": md5(5)},
        {"MediaID": 6, "Category": 0, "MD5": md5(6)},
        {
            "MediaID": 7,
            "Category": 1,
            "AlternativeHashes": [{"HashName": "PhotoDNA", "HashValue": PHOTODNA}],
        },
    ]
    file = tmp_path / "case.json"
    file.write_text(json.dumps({"value": media}))
    result = run("lists", "import", "police", str(file))
    assert result.exit_code == 0, result.output
    assert "Imported into 'police': 4 new entries, 0 already listed." in result.output
    assert "Skipped 2 records: uncategorised (no Category)." in result.output
    assert (
        "Skipped 1 record: VICS category 0 (not pertinent: known benign), "
        "which does not belong on a positive list."
    ) in result.output
    assert HashListEntry.objects.filter(photodna=PHOTODNA, vics_media_id=7).exists()
    assert HashListEntry.objects.get(vics_media_id=3).classification == "national"


def test_a_known_benign_set_imports_into_a_negative_list(tmp_path):
    assert run("lists", "create", "stock", "--kind", "negative").exit_code == 0
    file = tmp_path / "benign.json"
    file.write_text(json.dumps({"value": [{"Category": 0, "MD5": md5(n)} for n in range(5)]}))
    result = run("lists", "import", "stock", str(file))
    assert result.exit_code == 0, result.output
    assert "5 new entries" in result.output and "abuse" not in result.output


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b'{"value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
        (b'{"value": {"Media": 1}}', "not a VICS file"),
        (b"\x00\xff", "not valid UTF-8"),
    ],
)
def test_unusable_files_get_a_clear_message(tmp_path, police, document, message):
    file = tmp_path / "broken.json"
    file.write_bytes(document)
    result = run("lists", "import", "police", str(file))
    assert result.exit_code == 1
    assert "Nothing was imported: the file cannot be read:" in result.output
    assert message in result.output and "Traceback" not in result.output


def test_wrong_types_and_huge_numbers_are_named_by_record(tmp_path, police):
    file = tmp_path / "odd.json"
    file.write_bytes(
        b'{"value": [{"Category": 1, "MD5": "' + md5(1).encode() + b'"},'
        b'{"Category": [1], "MD5": "' + md5(2).encode() + b'"},'
        b'{"Category": 1, "MediaID": 1' + b"0" * 400 + b', "MD5": "' + md5(3).encode() + b'"},'
        b'{"Category": 1, "SHA1": 40}]}'
    )
    result = run("lists", "import", "police", str(file))
    assert result.exit_code == 1
    assert "record 2: Category must be a whole number such as 1, not a list" in result.output
    assert "record 3: MediaID must be a whole number from 0 to 2^63-1" in result.output
    assert "record 4: SHA1 must be text, not a number" in result.output
    assert "Nothing was imported: 3 records have problems." in result.output
    assert not HashListEntry.objects.exists()
