"""Complaint categories (the CaseIntake keys) and the words citizens use for them."""

from __future__ import annotations

CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "gym": ("健身", "瑜珈", "瑜伽", "教練課", "gym", "fitness", "yoga", "personal trainer"),
    "ecommerce": (
        "網購",
        "網拍",
        "蝦皮",
        "momo",
        "pchome",
        "露天",
        "淘寶",
        "網路購物",
        "購物網",
        "直播",
        "電商",
        "online shop",
        "online order",
        "shopee",
        "e-commerce",
        "ordered online",
        "bought online",
        "website",
    ),
    "travel": (
        "旅行社",
        "旅遊",
        "出國",
        "機票",
        "團費",
        "訂房",
        "飯店",
        "travel agency",
        "package tour",
        "flight",
        "tour",
        "hotel",
    ),
    "education": (
        "補習班",
        "補習",
        "家教",
        "課程",
        "留學",
        "安親班",
        "才藝班",
        "cram school",
        "tutoring",
        "course",
        "lessons",
        "language school",
    ),
    "housing": (
        "預售屋",
        "房東",
        "租屋",
        "房租",
        "押金",
        "建商",
        "裝潢",
        "房仲",
        "pre-sale",
        "landlord",
        "rent",
        "apartment",
        "builder",
        "renovation",
        "real estate",
    ),
    "vehicles": (
        "汽車",
        "機車",
        "修車",
        "保養廠",
        "車行",
        "二手車",
        "租車",
        "car repair",
        "garage",
        "mechanic",
        "scooter",
        "used car",
        "car dealer",
        "car rental",
    ),
    "telecom": (
        "電信",
        "手機",
        "門號",
        "網路費",
        "中華電信",
        "台灣大哥大",
        "遠傳",
        "月租",
        "telecom",
        "phone bill",
        "mobile plan",
        "internet provider",
        "carrier",
    ),
    "food": (
        "餐廳",
        "外送",
        "食物",
        "吃到",
        "飲料",
        "便當",
        "食品",
        "restaurant",
        "food",
        "delivery",
        "meal",
        "takeout",
    ),
    "prepaid": (
        "禮券",
        "儲值",
        "商品券",
        "餐券",
        "預付",
        "美容",
        "美髮",
        "美甲",
        "婚紗",
        "gift voucher",
        "gift card",
        "voucher",
        "stored-value",
        "prepaid",
        "salon",
        "beauty",
        "wedding",
    ),
    "games": ("遊戲", "點數", "手遊", "抽卡", "虛寶", "game", "in-game", "gacha", "game points"),
}
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "gym": ("健身房", "Gym"),
    "ecommerce": ("網路購物", "Online shopping"),
    "travel": ("旅遊", "Travel"),
    "education": ("補習班／課程", "Education / courses"),
    "housing": ("房屋／租屋", "Housing / rentals"),
    "vehicles": ("汽機車", "Vehicles"),
    "telecom": ("電信", "Telecom"),
    "food": ("餐飲", "Food"),
    "prepaid": ("禮券／預付型", "Vouchers / prepaid"),
    "games": ("線上遊戲", "Online games"),
    "other": ("其他", "Other"),
}
OTHER_WORDS = ("其他", "其它", "別的", "other", "others", "something else")


def find_category(text: str) -> str | None:
    """The first category whose keyword occurs in the text, else None."""
    lowered = (text or "").lower()
    for key, words in CATEGORY_KEYWORDS.items():
        if any(word in lowered for word in words):
            return key
    return None


def normalize_category(text: str) -> str | None:
    """A category key from a key, a label or free text; 'other' when the citizen says so."""
    lowered = (text or "").strip().lower()
    if lowered in CATEGORY_LABELS:
        return lowered
    for key, (zh, en) in CATEGORY_LABELS.items():
        if lowered in (zh.lower(), en.lower()):
            return key
    found = find_category(lowered)
    if found:
        return found
    return "other" if any(w in lowered for w in OTHER_WORDS) else None


def category_label(key: str, lang: str) -> str:
    """The citizen-facing name of a category."""
    zh, en = CATEGORY_LABELS.get(key, CATEGORY_LABELS["other"])
    return en if lang == "en" else zh
