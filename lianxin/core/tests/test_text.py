"""core.text: control characters removed, tab and newlines kept."""

import pytest

from lianxin.core.text import has_controls, strip_controls


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"])
def test_strip_controls_removes_each_c0_control(char: str) -> None:
    # given text with a control character inside
    text = f"工伤{char}认定"
    # when stripped / then it is gone and the rest kept
    assert strip_controls(text) == "工伤认定"
    assert has_controls(text)


def test_strip_controls_keeps_tab_newlines_and_chinese() -> None:
    text = "第一行\r\n第二行\t尾 =SUM(1)"
    assert strip_controls(text) == text
    assert not has_controls(text)
