"""`meldpunt import-reports`: all lines or none, with a per-line error report."""

import pytest
from click.testing import CliRunner

from meldpunt.cli.main import cli
from meldpunt.intake import services
from meldpunt.intake.models import Item, Report, ReportedUrl

pytestmark = pytest.mark.django_db(transaction=True)

GOOD = (
    "url;referer;reference;source;type\n"
    "https://example.com/a.jpg;https://forum.example.com/t/1;ICCAM-1;ICCAM;image\n"
    "hxxps://example[.]org/v.mp4;;ICCAM-2;ICCAM;video\n"
    "https://EXAMPLE.com/a.jpg/;;ICCAM-3;ICCAM;image\n"
)


def run(tmp_path, content: bytes):
    path = tmp_path / "reports.csv"
    path.write_bytes(content)
    return CliRunner().invoke(cli, ["import-reports", str(path)])


def test_a_good_file_is_imported_with_progress(tmp_path):
    result = run(tmp_path, GOOD.encode())
    assert result.exit_code == 0, result.output
    assert "Importing" in result.output
    assert "Imported 3 reports: 2 new items, 1 joined existing cases." in result.output
    assert Report.objects.count() == 3
    assert Item.objects.get(url="https://example.com/a.jpg").report_count == 2
    assert ReportedUrl.objects.get(report__reference="ICCAM-1").referer.startswith("https://forum")


def test_a_file_with_bad_lines_imports_nothing_and_lists_them(tmp_path):
    content = GOOD + "javascript:alert(1);;;;image\nhttps://example.com/z;;;;sculpture\n"
    result = run(tmp_path, content.encode())
    assert result.exit_code == 1
    assert "line 5: url not accepted" in result.output
    assert "line 6: unknown type 'sculpture'" in result.output
    assert "Nothing was imported: 2 lines have problems" in result.output
    assert Report.objects.count() == 0


def test_malformed_csv_imports_nothing(tmp_path):
    result = run(tmp_path, (GOOD + '"https://example.com/q;;;;image\n').encode())
    assert result.exit_code == 1
    assert "not valid CSV" in result.output
    assert Report.objects.count() == 0


def test_invalid_utf8_imports_nothing(tmp_path):
    result = run(tmp_path, GOOD.encode() + b"https://example.com/\xff;;;;image\n")
    assert result.exit_code == 1
    assert "line 5 is not valid UTF-8" in result.output
    assert Report.objects.count() == 0


def test_a_failure_midway_leaves_nothing_half_written(tmp_path, monkeypatch):
    real = services.take_report
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "take_report", failing)
    result = run(tmp_path, GOOD.encode())
    assert result.exit_code != 0
    assert Report.objects.count() == Item.objects.count() == 0


def test_comma_separated_lines_without_a_header_keep_their_references(tmp_path):
    content = (
        "https://example.com/a.jpg,,ICCAM-1,ICCAM,image\n"
        "hxxps://example[.]org/v.mp4,https://forum.example.com/t/1,ICCAM-2,ICCAM,video\n"
    )
    result = run(tmp_path, content.encode())
    assert result.exit_code == 0, result.output
    assert sorted(Report.objects.values_list("reference", flat=True)) == ["ICCAM-1", "ICCAM-2"]
    assert Item.objects.filter(url="https://example.org/v.mp4", medium="video").exists()


def test_a_file_mixing_separators_imports_nothing_and_names_the_line(tmp_path):
    content = GOOD + "https://example.com/b,,ICCAM-4,ICCAM,image\n"
    result = run(tmp_path, content.replace("url;referer;reference;source;type\n", "").encode())
    assert result.exit_code == 1
    assert "line 4 separates its fields with ',' but line 1 with ';'" in result.output
    assert Report.objects.count() == 0


def test_hidden_characters_in_a_field_import_nothing(tmp_path):
    result = run(tmp_path, (GOOD + "https://example.com/q;;REF\u202e;ICCAM;image\n").encode())
    assert result.exit_code == 1
    assert "line 5: reference holds a control or invisible character (U+202E" in result.output
    assert Report.objects.count() == 0
