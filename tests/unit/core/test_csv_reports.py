"""CSV reading: every line is checked first; the whole file is refused on bad encoding."""

import pytest

from meldpunt.core.csv_reports import CsvUnreadable, read_report_csv
from meldpunt.core.reports import Medium


def test_good_file_with_header_gives_rows():
    data = (
        b"url;referer;reference;source;type\n"
        b"https://example.com/a.jpg;https://forum.example.com/t/1;REF-1;ICCAM;image\n"
        b"hxxp://example[.]org/v;;REF-2;partner;video\n"
        b"\n"
        b"example.net/x\n"
    )
    reading = read_report_csv(data)
    assert reading.problems == []
    assert [r.line_no for r in reading.rows] == [2, 3, 5]
    assert reading.rows[0].referer == "https://forum.example.com/t/1"
    assert reading.rows[1].medium is Medium.VIDEO
    assert reading.rows[2].medium is Medium.OTHER


def test_bad_lines_are_listed_with_numbers():
    data = (
        b"https://example.com/a;;;;image\n"
        b"javascript:alert(1);;;;image\n"
        b"https://example.com/b;;;;painting\n"
        b"https://example.com/c;a;b;c;image;extra\n"
        b'"https://example.com/d;;;;image\n'
    )
    reading = read_report_csv(data)
    assert [p.line_no for p in reading.problems] == [2, 3, 4, 5]
    assert "not valid CSV" in reading.problems[3].message
    assert "http or https" in reading.problems[0].message
    assert "painting" in reading.problems[1].message
    assert "expected at most 5" in reading.problems[2].message


def test_invalid_utf8_names_the_line():
    data = b"https://example.com/a;;;;image\nhttps://example.com/\xff\xfe;;;;image\n"
    with pytest.raises(CsvUnreadable, match="line 2 is not valid UTF-8"):
        read_report_csv(data)


def test_binary_file_is_refused():
    with pytest.raises(CsvUnreadable, match="NUL"):
        read_report_csv(b"https://example.com/a;;;;image\n\x00\x00\x00\n")


def test_empty_file_is_refused():
    with pytest.raises(CsvUnreadable, match="no report lines"):
        read_report_csv(b"url;referer;reference;source;type\n\n")


def test_utf8_bom_is_accepted():
    reading = read_report_csv("\ufeffhttps://example.com/a;;;;image\n".encode())
    assert len(reading.rows) == 1
