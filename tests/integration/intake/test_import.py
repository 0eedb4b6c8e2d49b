"""`meldpunt import-reports`: all lines or none, with a per-line error report."""

import re

import pytest
from click.testing import CliRunner

from meldpunt.audit.models import AuditEvent
from meldpunt.capture.models import Capture
from meldpunt.cli.main import cli
from meldpunt.intake import services
from meldpunt.intake.models import Item, Report, ReportedUrl
from tests import factories

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


def test_a_good_file_is_imported_and_its_speed_reported(tmp_path):
    result = run(tmp_path, GOOD.encode())
    assert result.exit_code == 0, result.output
    assert "Checked 3 lines" in result.output
    assert "Imported 3 reports: 2 new items, 1 joined existing cases." in result.output
    assert re.search(r"[\d,]+ rows a second: .* in one transaction of [\d.]+ s", result.output)
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


def test_a_failure_at_the_last_write_leaves_nothing_half_written(tmp_path, monkeypatch):
    def failing(*args, **kwargs):
        raise RuntimeError("disk full")

    factories.report("https://example.com/a.jpg")
    monkeypatch.setattr(services, "record_events", failing)
    result = run(tmp_path, GOOD.encode())
    assert result.exit_code != 0
    assert Report.objects.count() == Item.objects.count() == Capture.objects.count() == 1
    assert Item.objects.get().report_count == 1 and ReportedUrl.objects.count() == 1


def test_the_summary_counts_the_imports_own_rows(tmp_path):
    factories.report("https://example.com/a.jpg")
    factories.report("https://unrelated.example.net/")
    result = run(tmp_path, GOOD.encode())
    assert result.exit_code == 0, result.output
    assert "Imported 3 reports: 1 new items, 2 joined existing cases." in result.output
    assert Item.objects.get(url="https://example.com/a.jpg").report_count == 3


def test_reports_arriving_during_the_import_do_not_change_its_counts(tmp_path, monkeypatch):
    """Another report (one address of the file, one other) comes in while the import writes,
    just before its addresses are joined: totals taken before and after would say 3 new."""
    real, arrived = services.join_items, []

    def another_report_first(*args, **kwargs):
        if not arrived:
            arrived.append("once")  # the other report's own joining goes straight through
            factories.report("https://example.com/a.jpg", "https://elsewhere.example.net/")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "join_items", another_report_first)
    result = run(tmp_path, GOOD.encode())
    assert result.exit_code == 0, result.output
    assert arrived and Item.objects.count() == 3 and Report.objects.count() == 4
    assert "Imported 3 reports: 1 new items, 2 joined existing cases." in result.output
    assert Item.objects.get(url="https://example.com/a.jpg").report_count == 3


def test_every_imported_report_is_audited_and_every_new_item_gets_a_capture(tmp_path):
    earlier = factories.report("https://example.com/a.jpg").items.get()
    assert run(tmp_path, GOOD.encode()).exit_code == 0
    video = Item.objects.get(url="https://example.org/v.mp4")
    received = {
        Report.objects.get(pk=e.subject.split(":")[1]).reference: e.details
        for e in AuditEvent.objects.filter(action="report.received", actor="system")
    }
    assert received == {
        "ICCAM-1": {**CSV_EVENT, "joined_items": [earlier.pk]},
        "ICCAM-2": {**CSV_EVENT, "new_items": [video.pk]},
        "ICCAM-3": {**CSV_EVENT, "joined_items": [earlier.pk]},
    }
    assert set(Capture.objects.values_list("item_id", flat=True)) == {earlier.pk, video.pk}


CSV_EVENT = {"channel": "csv", "new_items": [], "joined_items": [], "contact_sealed": False}


def test_many_rows_go_in_few_statements(tmp_path, django_assert_max_num_queries, monkeypatch, jobs):
    queued = jobs.captures
    real = services.take_reports

    def counted(*args, **kwargs):
        with django_assert_max_num_queries(60):  # one report at a time took about 30,000
            return real(*args, **kwargs)

    monkeypatch.setattr(services, "take_reports", counted)
    lines = "".join(f"https://host{n % 7}.example.com/{n}.jpg;;R-{n};;image\n" for n in range(3000))
    assert run(tmp_path, lines.encode()).exit_code == 0
    assert Report.objects.count() == Item.objects.count() == Capture.objects.count() == 3000
    assert ReportedUrl.objects.filter(item__report_count=1).count() == 3000
    assert sorted(pk for group in queued for pk in group) == sorted(
        Capture.objects.values_list("pk", flat=True)
    )


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
