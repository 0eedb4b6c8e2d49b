"""Receipt codes: random, readable, and forgiving of how people retype them."""

from meldpunt.core.receipts import new_receipt_code, parse_receipt_code


def test_new_codes_are_well_formed_and_distinct():
    codes = {new_receipt_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(parse_receipt_code(code) == code for code in codes)


def test_retyped_codes_are_understood():
    code = "MP-7KQ2-9XH0-3F41"
    assert parse_receipt_code("mp 7kq2 9xho 3f4l") == code
    assert parse_receipt_code("MP7KQ29XH03F41") == code


def test_anything_else_is_not_a_code():
    for text in ["", "MP-", "MP-7KQ2-9XH0", "XX-7KQ2-9XH0-3F41", "MP-7KQ2-9XH0-3F4U", "https://x"]:
        assert parse_receipt_code(text) is None
