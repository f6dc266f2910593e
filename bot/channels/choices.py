"""Button answers travel through the platform as opaque data (LINE postback data,
Telegram callback_data). The citizen's language rides along, because a payload such
as `/affirm` says nothing about it."""

LANGUAGE_CODES = {"zh-TW": "z", "en": "e"}
_CODE_LANGUAGES = {code: lang for lang, code in LANGUAGE_CODES.items()}


def encode(payload: str, language: str) -> str:
    return f"{LANGUAGE_CODES.get(language, 'z')}|{payload}"


def decode(data: str) -> tuple[str, str | None]:
    """(payload, language or None when the data was not made by `encode`)."""
    code, sep, payload = data.partition("|")
    if sep and code in _CODE_LANGUAGES:
        return payload, _CODE_LANGUAGES[code]
    return data, None
