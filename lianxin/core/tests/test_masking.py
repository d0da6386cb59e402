import pytest

from lianxin.core.masking import mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("0391-1234567", "*******4567"),
        ("", ""),
    ],
)
def test_mask_phone_keeps_only_what_identifies_nobody(raw, masked):
    assert mask_phone(raw) == masked


def test_mask_id_number_keeps_region_and_last_four():
    assert mask_id_number("410802199001011234") == "410***********1234"


def test_mask_name_keeps_the_surname():
    assert mask_name("王秀梅") == "王**"
