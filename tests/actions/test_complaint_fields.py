"""Validation, summary and CaseIntake building for the complaint form."""

from datetime import date

from actions import complaint_fields as f

TODAY = date(2026, 5, 1)


def test_purchase_date_must_be_real_and_not_in_the_future() -> None:
    assert f.clean_purchase_date("2026年4月3日", TODAY) == "2026-04-03"
    assert f.clean_purchase_date("2026-05-02", TODAY) is None
    assert f.clean_purchase_date("2月30日", TODAY) is None
    assert f.clean_purchase_date("不記得了", TODAY) == f.UNKNOWN


def test_amount_is_a_number() -> None:
    assert f.clean_amount("大概三萬六千元") == "36000"
    assert f.clean_amount("NT$ 2,500") == "2500"
    assert f.clean_amount("很多錢") is None
    assert f.clean_amount("not sure") == f.UNKNOWN


def test_phone_and_name() -> None:
    assert f.clean_contact_phone("0912 345 678") == "0912345678"
    assert f.clean_contact_phone("12345") is None
    assert f.clean_contact_name("我叫陳美玲") == "陳美玲"
    assert f.clean_contact_name("0912345678") is None


def test_description_strict_for_first_message_only() -> None:
    assert f.clean_description("我要申訴", strict=True) is None
    assert f.clean_description("健身房不退費", strict=False) == "健身房不退費"
    story = "我在健身工廠簽了兩年約繳了三萬六千元現在搬家要解約他們不退"
    assert f.clean_description(story, strict=True) == story


def test_business_name_prefix_is_removed() -> None:
    assert f.clean_business_name("業者是大發旅行社") == "大發旅行社"
    assert f.clean_business_name("1234") is None


SLOTS = {
    "business_name": "健身工廠",
    "description": "不讓我解約",
    "category": "gym",
    "purchase_date": "2026-03-05",
    "amount": "36000",
    "desired_remedy": "refund",
    "contact_name": "王小明",
    "contact_phone": "0912345678",
}


def test_summary_in_both_languages() -> None:
    zh = f.summary(SLOTS, "zh-TW")
    assert "健身房" in zh and "NT$36,000" in zh and "退費" in zh
    en = f.summary(SLOTS, "en")
    assert "Gym" in en and "Refund" in en


def test_build_intake_matches_case_intake() -> None:
    intake = f.build_intake({**SLOTS, "purchase_date": f.UNKNOWN}, "zh-TW")
    assert intake == {
        "business_name": "健身工廠",
        "category": "gym",
        "description": "不讓我解約",
        "purchase_date": None,
        "amount": 36000,
        "desired_remedy": "退費",
        "contact_name": "王小明",
        "contact_phone": "0912345678",
    }
