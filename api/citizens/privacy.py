"""Normalise and mask personal data so log lines never carry it in clear."""

import re

_PHONE_NOISE = re.compile(r"[\s\-()]")
# Mobile 09xxxxxxxx, or a landline with its area code (02…, 07…, 049…).
_TAIWAN_PHONE = re.compile(r"^0(9\d{8}|[2-8]\d{7,8})$")


def normalize_phone(raw: str) -> str:
    """`+886 912-345-678` → `0912345678`; raise ValueError for anything not Taiwanese."""
    phone = _PHONE_NOISE.sub("", raw)
    if phone.startswith("+886"):
        phone = "0" + phone.removeprefix("+886").lstrip("0")
    if not _TAIWAN_PHONE.match(phone):
        raise ValueError("must be a Taiwanese phone number, e.g. 0912345678 or 07-1234567")
    return phone


def mask_phone(phone: str | None) -> str:
    """Keep the first four and last two digits: `0912****78`."""
    if not phone:
        return "-"
    if len(phone) <= 6:
        return "*" * len(phone)
    return phone[:4] + "*" * (len(phone) - 6) + phone[-2:]


def mask_name(name: str | None) -> str:
    """`王小明` → `王*明`, `Alice Chen` → `A********n`."""
    if not name:
        return "-"
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
