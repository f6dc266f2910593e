"""Fixed texts the gateway and the channels send without asking the NLU, in both languages."""

from typing import Any

from api.help.privacy import privacy_notice
from bot.messages import OutboundMessage
from textkit.bilingual import Bilingual

TEXTS: dict[str, Bilingual] = {
    "received_later": Bilingual(
        "我們已收到您的訊息，系統忙碌中，稍後會回覆您。",
        "We have received your message. The system is busy; we will answer shortly.",
    ),
    "for_staff": Bilingual(
        "已轉給服務人員，請稍候回覆。",
        "Your message has been passed to our staff, who will reply here.",
    ),
    "too_long": Bilingual(
        "訊息太長了，請分成幾則較短的訊息（每則 2000 字以內）。",
        "That message is too long. Please split it into shorter messages "
        "(up to 2,000 characters each).",
    ),
    "choose": Bilingual("請選擇：", "Please choose:"),
    "welcome": Bilingual(
        "歡迎使用高雄市消費者服務台！您可以詢問消費問題、提出消費申訴、查詢案件進度或預約調解。",
        "Welcome to the Kaohsiung City consumer service desk! Ask a consumer question, "
        "file a complaint, follow your case or book a mediation session.",
    ),
    # The help centre's notice in short, the same text everywhere ({privacy_url}: its page).
    "privacy": privacy_notice().short,
    "evidence_saved": Bilingual(
        "已收到您的檔案，已存為您案件的證據。",
        "We have received your file and saved it as evidence for your case.",
    ),
    "evidence_saved_no_case": Bilingual(
        "已收到並保存您的檔案。您目前沒有處理中的案件；輸入「我要申訴」提出申訴後，"
        "承辦人可以一併查看。",
        'We have received and kept your file. You have no open case yet; type "I want to '
        'file a complaint" and the staff handling it will see the file too.',
    ),
    "evidence_too_large": Bilingual(
        "檔案太大了（上限 10 MB），請縮小後再傳一次。",
        "That file is too large (10 MB at most). Please send a smaller one.",
    ),
    "evidence_bad_type": Bilingual(
        "這種檔案格式無法收存，請傳送照片（JPG、PNG）或 PDF 檔。",
        "We cannot keep that kind of file. Please send a photo (JPG, PNG) or a PDF.",
    ),
    "evidence_unavailable": Bilingual(
        "檔案下載失敗，請稍後再傳一次。",
        "We could not download your file. Please send it again later.",
    ),
    "sticker": Bilingual(
        "謝謝您的貼圖！請用文字告訴我們您需要什麼協助。",
        "Thanks for the sticker! Please tell us in words how we can help.",
    ),
    "location": Bilingual(
        "已收到位置資訊。如需申訴，請用文字說明商家名稱與問題。",
        "Location received. To file a complaint, please name the business and the problem.",
    ),
    "media_unsupported": Bilingual(
        "目前無法讀取語音或影片，請用文字描述您的問題；照片或 PDF 可以當作證據。",
        "We cannot listen to audio or watch video yet. Please describe your question in "
        "words; photos and PDFs can be sent as evidence.",
    ),
}


def text(key: str, language: str, **values: Any) -> str:
    """The text in `language`, its `{placeholders}` filled from `values` (extra ones unused)."""
    return TEXTS[key].format(**values).pick(language) if values else TEXTS[key].pick(language)


def reply(key: str, language: str, **values: Any) -> OutboundMessage:
    return OutboundMessage(text=text(key, language, **values), language=language)
