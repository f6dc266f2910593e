"""Every word the console shows, in both languages (the staff member picks one)."""

from textkit.bilingual import Bilingual

B = Bilingual
TEXTS: dict[str, Bilingual] = {
    "title": B("客服主控台", "Staff console"),
    "site": B("高雄市消費者服務台", "Kaohsiung Consumer Service Desk"),
    "other_language": B("English", "中文"),
    "sign_in": B("服務人員登入", "Staff sign-in"),
    "email": B("電子郵件", "E-mail"),
    "password": B("密碼", "Password"),
    "sign_in_button": B("登入", "Sign in"),
    "sign_out": B("登出", "Log out"),
    "wrong_password": B("電子郵件或密碼錯誤。", "Wrong e-mail or password."),
    "throttled": B(
        "登入失敗次數過多，請於 {minutes} 分鐘後再試。",
        "Too many failed sign-ins. Try again in {minutes} min.",
    ),
    "session_ended": B("登入已逾時，請重新登入。", "Your session ended, please sign in again."),
    "nav_inbox": B("收件匣", "Inbox"),
    "inbox": B("等候真人回覆的對話", "Conversations waiting for a person"),
    "inbox_empty": B("目前沒有轉接的對話。", "No conversations are waiting."),
    "pick": B("請從左側選擇一則對話。", "Pick a conversation on the left."),
    "waiting": B("等候 {minutes} 分", "waiting {minutes} min"),
    "unread": B("{count} 則未讀", "{count} unread"),
    "hand_back": B("交還機器人", "Hand back to bot"),
    "reply": B("回覆民眾", "Reply"),
    "reply_hint": B(
        "回覆民眾（Enter 送出，Shift+Enter 換行）…", "Reply (Enter sends, Shift+Enter new line)…"
    ),
    "send": B("送出", "Send"),
    "cases": B("民眾案件", "Citizen's cases"),
    "no_cases": B("尚無案件", "No cases"),
    "author_citizen": B("民眾", "Citizen"),
    "author_bot": B("機器人", "Bot"),
    "author_staff": B("服務人員", "Staff"),
    "author_system": B("系統", "System"),
    "status_queued": B("排隊中", "queued"),
    "status_sending": B("傳送中", "sending"),
    "status_sent": B("已送出", "sent"),
    "status_failed": B("傳送失敗", "failed"),
    "understood": B("機器人理解", "Bot understood"),
    "attachment": B("附件", "Attachment"),
    "take": B("接手", "Take"),
    "release": B("釋出", "Release"),
    "held_by": B("由 {name} 處理", "held by {name}"),
    "unassigned": B("未指派", "unassigned"),
    "not_handed_off": B("此對話目前由機器人處理。", "The bot holds this conversation."),
}


def text(key: str, language: str) -> str:
    return TEXTS[key].pick(language)
