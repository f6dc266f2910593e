"""Business names found in Chinese complaint stories."""

import pytest

from textkit.business_names import find_business_name, widen_business_name


@pytest.mark.parametrize(
    ("text", "tail", "name"),
    [
        ("我在2026年9月15日跟快樂旅行社報名日本團", "旅行社", "快樂旅行社"),
        ("我要申訴美美醫美診所亂收費", "診所", "美美醫美診所"),
        ("在阿明機車行修車被多收錢", "阿明機車行", "阿明機車行"),
        ("I bought it at Sunrise Travel", "Travel", "Travel"),
        ("旅行社不退錢", "旅行社", "旅行社"),
    ],
)
def test_widen_business_name(text: str, tail: str, name: str) -> None:
    start = text.index(tail)
    end = start + len(tail)
    assert text[widen_business_name(text, start, end) : end] == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我上週跟快樂旅行社報名日本團，結果團取消了", "快樂旅行社"),
        ("我兒子在明光文理補習班上課", "明光文理補習班"),
        ("機車送去阿明機車行換機油", "阿明機車行"),
        ("我想退健身房的會籍", None),
        ("旅行社不退錢", None),
        ("這家店不退錢", None),
        ("我繳了一年會費，兩週後店家倒閉，不肯退費", None),
        ("補習班的店長說公司裡規定不能退", None),
        ("the shop won't refund me", None),
    ],
)
def test_find_business_name(text: str, name: str | None) -> None:
    found = find_business_name(text)
    assert (found.text if found else None) == name
