"""Fixed texts the gateway itself sends, in both languages."""

from bot.messages import OutboundMessage

TEXTS: dict[str, dict[str, str]] = {
    "received_later": {
        "zh-TW": "我們已收到您的訊息，系統忙碌中，稍後會回覆您。",
        "en": "We have received your message. The system is busy; we will answer shortly.",
    },
    "for_staff": {
        "zh-TW": "已轉給服務人員，請稍候回覆。",
        "en": "Your message has been passed to our staff, who will reply here.",
    },
    "too_long": {
        "zh-TW": "訊息太長了，請分成幾則較短的訊息（每則 2000 字以內）。",
        "en": "That message is too long. Please split it into shorter messages "
        "(up to 2,000 characters each).",
    },
    "unsupported": {
        "zh-TW": "目前只能讀取文字訊息，請用文字描述您的問題。",
        "en": "I can only read text messages for now. Please describe your question in words.",
    },
}


def text(key: str, language: str) -> str:
    return TEXTS[key].get(language, TEXTS[key]["zh-TW"])


def reply(key: str, language: str) -> OutboundMessage:
    return OutboundMessage(text=text(key, language), language=language)
