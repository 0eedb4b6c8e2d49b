"""CSV reading: every line is checked first; the whole file is refused on bad encoding."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meldpunt.core.csv_reports import CsvUnreadable, read_report_csv
from meldpunt.core.reports import Medium
from meldpunt.core.urls import normalise_url


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


def _fields(reading):
    return [(r.url.url, r.referer, r.reference, r.source, r.medium.value) for r in reading.rows]


def test_comma_separated_lines_without_a_header_keep_their_columns():
    data = (
        b"https://example.com/a.jpg,,REF-1,ICCAM,image\n"
        b"hxxp://example[.]org/v,https://forum.example.com/t/1,REF-2,partner,video\n"
        b"https://example.net/x\n"
    )
    reading = read_report_csv(data)
    assert reading.problems == []
    assert _fields(reading) == [
        ("https://example.com/a.jpg", "", "REF-1", "ICCAM", "image"),
        ("http://example.org/v", "https://forum.example.com/t/1", "REF-2", "partner", "video"),
        ("https://example.net/x", "", "", "", "other"),
    ]


def test_tab_separated_lines_without_a_header_keep_their_columns():
    reading = read_report_csv(b"https://example.com/a.jpg\t\tREF-1\tICCAM\timage\n")
    assert _fields(reading) == [("https://example.com/a.jpg", "", "REF-1", "ICCAM", "image")]


@pytest.mark.parametrize(
    ("data", "url"),
    [
        (b"https://example.com/a?ids=1,2,3\n", "https://example.com/a?ids=1,2,3"),
        (b"https://example.com/a;jsessionid=9\n", "https://example.com/a;jsessionid=9"),
        (b"https://example.com/a?ids=1,2;;REF;src;image\n", "https://example.com/a?ids=1,2"),
        (b"https://example.com/a;b=1,,REF,src,image\n", "https://example.com/a;b=1"),
        (b'"https://example.com/a?x=1,2",,REF,src,image\n', "https://example.com/a?x=1,2"),
        (
            b"url\nhttps://example.com/a?x=1,2\nhttps://example.com/b;c\n",
            "https://example.com/a?x=1,2",
        ),
    ],
)
def test_separators_inside_an_address_are_part_of_it(data, url):
    reading = read_report_csv(data)
    assert reading.problems == []
    assert reading.rows[0].url.url == url


def test_a_header_names_the_separator():
    data = b"URL,Referer,Reference,Source,Type\nhttps://example.com/a;b,,REF-1,ICCAM,image\n"
    reading = read_report_csv(data)
    assert _fields(reading) == [("https://example.com/a;b", "", "REF-1", "ICCAM", "image")]
    tabbed = read_report_csv(b"url\treferer\nhttps://example.com/a,b\tsomewhere\n")
    assert _fields(tabbed) == [("https://example.com/a,b", "somewhere", "", "", "other")]


def test_two_separators_in_one_file_are_refused_with_the_lines_named():
    data = b"https://example.com/a;;REF-1;ICCAM;image\nhttps://example.com/b,,REF-2,ICCAM,image\n"
    reading = read_report_csv(data)
    assert reading.rows == []
    [problem] = reading.problems
    assert problem.line_no == 2
    assert "line 2 separates its fields with ',' but line 1 with ';'" in problem.message
    assert "header line" in problem.message


def test_a_line_that_cannot_be_told_from_an_address_is_refused_with_advice():
    data = b"https://example.com/a.jpg,,REF-1,ICCAM,image\nhttps://example.com/b?ids=1,2\n"
    reading = read_report_csv(data)
    [problem] = reading.problems
    assert problem.line_no == 2
    assert "cannot tell where the address ends" in problem.message
    assert "double quotes" in problem.message
    assert "url,referer,reference,source,type" in problem.message


@pytest.mark.parametrize(
    ("line", "field", "codepoint"),
    [
        ("https://example.com/a;;REF\u202e1;src;image", "reference", "U+202E"),
        ("https://example.com/a;;REF;\x1b[31msrc;image", "source", "U+001B"),
        ("https://example.com/a;https://f.example.com/\x07;REF;src;image", "referer", "U+0007"),
        ('https://example.com/a;;"two\nlines";src;image', "reference", "U+000A"),
        ("https://example.com/a;;REF;src;ima\u2066ge", "type", "U+2066"),
    ],
)
def test_hidden_characters_in_any_field_are_refused_by_name(line, field, codepoint):
    [problem] = read_report_csv(line.encode() + b"\n").problems
    assert problem.message.startswith(f"{field} holds a control or invisible character")
    assert codepoint in problem.message


def test_hidden_characters_in_the_address_are_refused():
    [problem] = read_report_csv("https://exa\u202emple.com/;;;;image\n".encode()).problems
    assert (
        problem.message
        == "url not accepted: the address contains spaces, invisible or garbled characters"
    )


# Without a header, a line with two separators in a row (",," or ",;") in an address or a
# text field can read either way: such a file is refused, and a header settles it. None is
# generated here.
_WITHOUT_DOUBLED_SEPARATORS = r"\A([{0}]+[,;]?)*[{0}]*\Z"
_TEXT = st.from_regex(_WITHOUT_DOUBLED_SEPARATORS.format("a-z0-9 '_-")).filter(
    lambda t: len(t) < 20
)
_URLS = st.builds(
    "https://{}.com/{}".format,
    st.from_regex(r"\A[a-z][a-z0-9]{0,8}\Z"),
    st.from_regex(_WITHOUT_DOUBLED_SEPARATORS.format("a-z0-9=&?~_-")).filter(lambda p: len(p) < 30),
)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([";", ",", "\t"]),
    st.lists(
        st.tuples(
            _URLS,
            st.one_of(st.just(""), _URLS),
            _TEXT,
            _TEXT,
            st.sampled_from(["image", "video", "text", ""]),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_a_file_written_by_a_spreadsheet_reads_back_as_written(separator, rows):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=separator).writerows(rows)
    reading = read_report_csv(out.getvalue().encode())
    assert reading.problems == []
    expected = [
        (normalise_url(u).url, r, ref.strip(), s.strip(), t or "other") for u, r, ref, s, t in rows
    ]
    assert _fields(reading) == expected
