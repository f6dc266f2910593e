"""Seed FAQ: one published entry per topic in docs/contracts.md, in our own words.

Facts from ../shared/DOMAIN.md; answers fit a phone screen and name their legal basis.
"""

from typing import Any

CPA_ZH = "消費者保護法"
CPA_EN = "Consumer Protection Act"
CENTRE_ZH = "詳情可向高雄市消費者服務中心確認。"
CENTRE_EN = "You can confirm the details with the Kaohsiung consumer service centre."


def _entry(
    topic: str,
    category: str,
    question: tuple[str, str],
    answer: tuple[str, str],
    keywords: tuple[list[str], list[str]],
    article: tuple[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "topic": topic,
        "category": category,
        "question_zh": question[0],
        "question_en": question[1],
        "answer_zh": answer[0],
        "answer_en": answer[1],
        "keywords_zh": keywords[0],
        "keywords_en": keywords[1],
        "article_zh": article[0] if article else None,
        "article_en": article[1] if article else None,
        "published": True,
    }


FAQ_SEED: list[dict[str, Any]] = [
    _entry(
        "cooling_off",
        "shopping",
        (
            "網購或電視購物有七天鑑賞期嗎？可以退貨嗎？",
            "Can I return something bought online or from TV shopping within 7 days?",
        ),
        (
            "可以。網購、電視、電話、郵購及到府推銷的商品，收到後7天內可以不附理由退貨或書面通知解約，"
            "不必負擔任何費用（含退貨運費）。從收貨隔天起算，最後一天遇假日順延。",
            "Yes. For online, TV, phone, mail-order and door-to-door sales you may return the "
            "goods or cancel in writing within 7 days of receipt, with no reason and at no cost, "
            "return shipping included. Day 1 is the day after delivery; a holiday on the last "
            "day moves it to the next working day.",
        ),
        (
            ["七天鑑賞期", "鑑賞期", "猶豫期", "退貨", "網購", "電視購物", "到府推銷", "解約"],
            ["cooling-off", "return", "7 days", "seven days", "online", "refund", "door-to-door"],
        ),
        (f"{CPA_ZH}第19條", f"{CPA_EN} Art. 19"),
    ),
    _entry(
        "cooling_off_exceptions",
        "shopping",
        ("哪些商品或服務沒有七天鑑賞期？", "Which goods or services have no 7-day cooling-off?"),
        (
            "例外包括：易腐壞商品、依您要求訂製的商品、報紙雜誌、拆封的影音或軟體、經您同意已開始提供的數位內容、"
            "拆封的個人衛生用品，以及指定日期的住宿、交通、餐飲或休閒服務。業者須在交易前清楚告知。",
            "Exceptions: perishable goods, goods made to your specification, newspapers and "
            "magazines, unsealed audio, video or software, digital content delivered with your "
            "consent, unsealed hygiene goods, and dated accommodation, transport, catering or "
            "leisure bookings. The seller must say so clearly before the sale.",
        ),
        (
            ["例外", "不適用", "鑑賞期", "客製化", "拆封", "數位內容", "生鮮"],
            [
                "exception",
                "exempt",
                "perishable",
                "custom",
                "unsealed",
                "digital",
                "no cooling-off",
            ],
        ),
        (
            "消費者保護法第19條、通訊交易解除權合理例外情事適用準則",
            "CPA Art. 19; Executive Yuan rule on reasonable exceptions",
        ),
    ),
    _entry(
        "refund_timeline",
        "shopping",
        (
            "退貨後，業者多久要來取件和退款？",
            "After I cancel, when must the seller collect and refund?",
        ),
        (
            "業者應在收到您退貨通知後15天內取回商品，並在取回商品後15天內退還已付的款項。",
            "The seller must collect the goods within 15 days of your notice and refund what "
            "you paid within 15 days of getting them back.",
        ),
        (
            ["退款", "退費", "取件", "多久", "退貨"],
            ["refund", "collect", "pick up", "how long", "money back"],
        ),
        (f"{CPA_ZH}第19條之2", f"{CPA_EN} Art. 19-2"),
    ),
    _entry(
        "standard_contract_review",
        "contracts",
        (
            "簽定型化契約前，我有審閱期嗎？",
            "Do I get time to review a standard-form contract before signing?",
        ),
        (
            "有。業者應給您最多30天的合理審閱期。您沒有機會審閱的條款，不構成契約內容，除非您主張接受。",
            "Yes. The business must give you a reasonable review period of up to 30 days. A clause "
            "you had no chance to review is not part of the contract unless you choose to "
            "accept it.",
        ),
        (
            ["定型化契約", "審閱期", "條款", "合約", "簽約"],
            ["standard contract", "review period", "clause", "terms", "sign"],
        ),
        (f"{CPA_ZH}第11條之1", f"{CPA_EN} Art. 11-1"),
    ),
    _entry(
        "deposit_before_contract",
        "contracts",
        (
            "業者要我先付訂金才給看合約，可以嗎？",
            "The business wants a deposit before I can read the contract. Is that allowed?",
        ),
        (
            "不可以。業者不得以先收訂金或押金等方式，剝奪您審閱契約的權利。請先要求看完整契約再決定。",
            "No. A business may not take a deposit before letting you read the contract. Ask to "
            "see the full contract first, then decide.",
        ),
        (
            ["訂金", "押金", "先付款", "審閱", "合約"],
            ["deposit", "pay first", "before contract", "read the contract"],
        ),
        (f"{CPA_ZH}第11條之1", f"{CPA_EN} Art. 11-1"),
    ),
    _entry(
        "punitive_damages",
        "contracts",
        ("什麼是懲罰性賠償金？", "What are punitive damages?"),
        (
            "依消保法提起的訴訟，業者故意造成損害，最高可請求損害額5倍；重大過失最高3倍；過失最高1倍。"
            "須經法院判決認定。",
            "In a lawsuit under the Act you may claim up to 5 times the damage if the business "
            "acted intentionally, 3 times for gross negligence and 1 times for negligence. A "
            "court decides.",
        ),
        (
            ["懲罰性賠償金", "賠償", "五倍", "損害"],
            ["punitive damages", "compensation", "5 times", "damages"],
        ),
        (f"{CPA_ZH}第51條", f"{CPA_EN} Art. 51"),
    ),
    _entry(
        "gym_cancellation",
        "gym",
        (
            "健身房會員想解約，可以退多少錢？",
            "How do I cancel a gym membership and what refund do I get?",
        ),
        (
            "簽約7天內若未使用設施或教練課，可解約並全額退費。之後解約，退費為已繳金額扣除已使用月份的月費"
            "及有上限的手續費。",
            "Within 7 days of signing, if you used no facility or trainer session, you can cancel "
            "for a full refund. Later, you get back what you paid minus the monthly fee for months "
            "used and a capped handling fee.",
        ),
        (
            ["健身房", "健身中心", "解約", "退費", "會員", "教練課"],
            ["gym", "membership", "cancel", "refund", "fitness", "trainer"],
        ),
        ("健身中心定型化契約應記載及不得記載事項", "Mandatory terms for gym standard contracts"),
    ),
    _entry(
        "gym_suspension",
        "gym",
        (
            "出國、生病或懷孕，健身房會籍可以暫停嗎？",
            "Can I suspend my gym membership for travel, illness or pregnancy?",
        ),
        (
            "可以。因出國一個月以上、傷病、懷孕或育嬰、照顧家人、服兵役、工作調動或搬家等原因，"
            "業者應在7個工作天內免費為您暫停會籍。",
            "Yes. For travel over a month, illness or injury, pregnancy or childcare, caring for "
            "family, military service, a job change or moving, the gym must suspend your "
            "membership free of charge within 7 working days.",
        ),
        (
            ["暫停", "停卡", "會籍", "懷孕", "出國", "生病", "健身房"],
            ["suspend", "pause", "freeze", "pregnancy", "travel", "illness", "gym"],
        ),
        ("健身中心定型化契約應記載及不得記載事項", "Mandatory terms for gym standard contracts"),
    ),
    _entry(
        "gift_voucher_expiry",
        "prepaid",
        (
            "禮券上寫有使用期限，過期就不能用了嗎？",
            "My gift voucher shows an expiry date. Is it void after that?",
        ),
        (
            "禮券及儲值卡不得限制使用期限，上面蓋的「過期」或期限記載沒有效力，您仍可使用。",
            'Gift vouchers and stored-value cards may not carry an expiry date. An "expired" '
            "stamp has no effect; you can still use it.",
        ),
        (
            ["禮券", "儲值卡", "期限", "過期", "有效期限", "商品券"],
            ["gift voucher", "gift card", "stored-value", "expiry", "expired", "voucher"],
        ),
        (
            "商品（服務）禮券定型化契約應記載及不得記載事項",
            "Mandatory terms for gift voucher contracts",
        ),
    ),
    _entry(
        "gift_voucher_guarantee",
        "prepaid",
        (
            "店家倒閉了，手上的禮券怎麼辦？",
            "The shop closed and I still hold its vouchers. What now?",
        ),
        (
            "禮券應有履約保證，例如銀行保證或信託。請查看禮券上載明的保證機構，向該機構請求。"
            + CENTRE_ZH,
            "Vouchers must carry a performance guarantee such as a bank guarantee or a trust. "
            "Check the guarantor printed on the voucher and claim from it. " + CENTRE_EN,
        ),
        (
            ["禮券", "履約保證", "倒閉", "儲值卡", "信託"],
            ["voucher", "guarantee", "shop closed", "bankrupt", "trust"],
        ),
        (
            "商品（服務）禮券定型化契約應記載及不得記載事項",
            "Mandatory terms for gift voucher contracts",
        ),
    ),
    _entry(
        "card_chargeback",
        "prepaid",
        (
            "刷卡付款後店家倒閉，可以向銀行申請退款嗎？",
            "I paid by card and the business closed. Can the bank refund me?",
        ),
        (
            "可以向發卡銀行申請爭議款（扣款），須在停止提供服務之日起120天內，且不超過交易清算日起540天。"
            "請盡快聯絡銀行並保留收據與契約。",
            "Ask your card issuer for a chargeback within 120 days of the day service stopped and "
            "within 540 days of the transaction's settlement date. Contact the bank quickly and "
            "keep receipts and the contract.",
        ),
        (
            ["刷卡", "信用卡", "爭議款", "倒閉", "退款", "銀行"],
            ["chargeback", "credit card", "card", "bank", "closed", "refund"],
        ),
    ),
    _entry(
        "travel_cancellation",
        "travel",
        (
            "旅行團出發前取消，旅行社可以扣多少？",
            "If I cancel a package tour, how much may the agency keep?",
        ),
        (
            "依出發前通知的天數，旅行社可扣旅費一定比例，越接近出發比例越高（最低5%）；若扣款少於訂金，"
            "差額應退還。比例依契約，" + CENTRE_ZH,
            "The agency may keep a share of the price that grows as departure nears, starting at "
            "5 %. If that share is less than your deposit, the difference is refunded. Shares "
            "follow your contract. " + CENTRE_EN,
        ),
        (
            ["旅行社", "旅行團", "取消", "退費", "訂金", "出團"],
            ["travel", "tour", "cancel", "agency", "deposit", "trip"],
        ),
        ("旅遊定型化契約應記載及不得記載事項", "Mandatory terms for travel contracts"),
    ),
    _entry(
        "car_repair_estimate",
        "vehicles",
        ("汽車維修估價要收費嗎？", "Do I have to pay for a car repair estimate?"),
        (
            "一般估價免費；只有事先約定要拆解或使用電腦檢測時，才可以收費。請先問清楚再同意。",
            "A plain estimate is free. The shop may charge only if you agreed to disassembly or "
            "computer diagnosis beforehand, so ask first.",
        ),
        (
            ["汽車", "維修", "估價", "檢測", "保養廠"],
            ["car repair", "estimate", "quote", "garage", "diagnosis"],
        ),
        ("汽車維修定型化契約應記載及不得記載事項", "Mandatory terms for car repair contracts"),
    ),
    _entry(
        "car_repair_warranty",
        "vehicles",
        (
            "車子修好又壞，有保固嗎？",
            "Is a car repair under warranty if the same fault comes back?",
        ),
        (
            "有。同一故障的維修保固至少1年或2萬公里（以先到者為準），期間內同一問題應免費修復。"
            + CENTRE_ZH,
            "Yes. A repair is under warranty for at least 1 year or 20,000 km for the same fault, "
            "whichever comes first. " + CENTRE_EN,
        ),
        (
            ["保固", "維修", "汽車", "又壞", "故障"],
            ["warranty", "car repair", "same fault", "20,000 km", "guarantee"],
        ),
        ("汽車維修定型化契約應記載及不得記載事項", "Mandatory terms for car repair contracts"),
    ),
    _entry(
        "rental_deposit",
        "housing",
        ("租屋押金最多可以收幾個月？", "How much deposit may a landlord or car rental ask?"),
        (
            "租屋押金最多為2個月租金。租車的押金最多為租金的30%。",
            "A home rental deposit is at most 2 months' rent. A car-rental deposit is at most 30 % "
            "of the rental.",
        ),
        (
            ["押金", "租屋", "房東", "租車", "保證金"],
            ["deposit", "rent", "landlord", "rental", "car rental"],
        ),
        ("住宅租賃定型化契約應記載及不得記載事項", "Mandatory terms for home rental contracts"),
    ),
    _entry(
        "cross_border_shopping",
        "shopping",
        ("在國外網站買東西出問題，可以申訴嗎？", "Can I complain about a foreign online seller?"),
        (
            "可以諮詢，但對國外賣家求償較難執行。請保存訂單與對話紀錄，並盡快聯絡付款平台、信用卡銀行或物流業者。",
            "You can ask us for advice, but claims against foreign sellers are hard to enforce. "
            "Keep order records and chats, and contact the payment provider, card issuer or "
            "carrier quickly.",
        ),
        (
            ["跨境", "國外", "海外", "網購", "境外"],
            ["foreign", "overseas", "cross-border", "international", "online seller"],
        ),
    ),
    _entry(
        "evidence_to_keep",
        "complaints",
        ("申訴要準備哪些證據？", "What evidence should I keep?"),
        (
            "請保留收據、發票、契約、廣告、對話截圖（含LINE）、瑕疵照片，以及相關日期和金額。",
            "Keep receipts, invoices, contracts, adverts, chat screenshots (LINE included), "
            "photos of defects, and the dates and amounts involved.",
        ),
        (
            ["證據", "收據", "截圖", "發票", "照片", "契約"],
            ["evidence", "receipt", "screenshot", "photo", "proof", "invoice"],
        ),
    ),
    _entry(
        "how_to_complain",
        "complaints",
        ("要怎麼提出消費申訴？", "How do I file a consumer complaint?"),
        (
            "可以向業者、消費者保護團體或高雄市消費者服務中心申訴，也可用行政院消費者保護會線上申訴系統，"
            "或直接在這裡告訴我們。請準備業者名稱、經過與證據。",
            "Complain to the business, a consumer group or the Kaohsiung consumer service centre, "
            "online through the Executive Yuan complaint system, or right here with us. Have the "
            "business name, what happened and your evidence ready.",
        ),
        (
            ["申訴", "怎麼申訴", "投訴", "消費爭議", "檢舉"],
            ["complain", "complaint", "file", "report", "dispute"],
        ),
        (f"{CPA_ZH}第43條", f"{CPA_EN} Art. 43"),
    ),
    _entry(
        "business_response_deadline",
        "complaints",
        ("申訴後業者多久要回覆？", "How long does the business have to respond to my complaint?"),
        (
            "業者應在收到申訴後15天內妥適處理。逾期未處理或結果不滿意，您可以提出第二次申訴或申請調解。",
            "The business must handle your complaint properly within 15 days of receiving it. If "
            "it does not, you can file a second complaint or apply for mediation.",
        ),
        (
            ["15天", "回覆", "業者", "期限", "申訴"],
            ["15 days", "reply", "deadline", "respond", "business"],
        ),
        (f"{CPA_ZH}第43條第2項", f"{CPA_EN} Art. 43 II"),
    ),
    _entry(
        "second_complaint",
        "complaints",
        (
            "第一次申訴沒結果，可以再申訴嗎？",
            "My first complaint went nowhere. Can I complain again?",
        ),
        (
            "可以。未獲妥適處理時，可向高雄市政府消保官提出第二次申訴，消保官必要時會通知雙方協商。",
            "Yes. If it was not handled properly, file a second complaint with the city's "
            "consumer protection officer, who may call both sides in.",
        ),
        (
            ["第二次申訴", "再申訴", "消保官", "沒回應"],
            ["second complaint", "consumer protection officer", "again", "no answer"],
        ),
        (f"{CPA_ZH}第43條第3項", f"{CPA_EN} Art. 43 III"),
    ),
    _entry(
        "mediation_how_to_apply",
        "mediation",
        ("要怎麼申請消費爭議調解？", "How do I apply for mediation?"),
        (
            "申訴未解決時，以書面向高雄市消費爭議調解委員會申請。申請書載明申請人、對方（公司名稱與地址）、"
            "代理人（須委任書）、請求事項與申訴未解決的經過。",
            "If your complaint is unresolved, apply in writing to the city's consumer dispute "
            "mediation committee. Name yourself, the other party (company name and address), any "
            "agent (with a letter of authorisation), what you ask for and how the complaint went.",
        ),
        (
            ["調解", "申請調解", "調解委員會", "申請書", "代理人"],
            ["mediation", "apply", "application", "committee", "agent"],
        ),
        (f"{CPA_ZH}第44條", f"{CPA_EN} Art. 44"),
    ),
    _entry(
        "mediation_fee_and_duration",
        "mediation",
        ("申請調解要錢嗎？要多久？", "Does mediation cost anything, and how long does it take?"),
        (
            "調解不收費。處理時間依案件而定，有縣市訂為80天內。" + CENTRE_ZH,
            "Mediation is free. How long it takes depends on the case; one city sets a limit of "
            "80 days. " + CENTRE_EN,
        ),
        (
            ["調解", "費用", "免費", "花錢", "多久", "時間"],
            ["mediation", "fee", "free", "cost", "how long", "duration"],
        ),
    ),
    _entry(
        "mediation_refusal",
        "mediation",
        ("什麼情況調解申請會被駁回？", "When is a mediation application refused?"),
        (
            "例如：不是消費爭議、尚未依第43條申訴、已經調解、仲裁或判決確定，或通知補正後資料仍不齊全。",
            "For example: it is not a consumer dispute, no Art. 43 complaint was made first, it "
            "was already mediated, arbitrated or judged, or required information is still missing "
            "after a request to complete it.",
        ),
        (["調解", "駁回", "不受理", "補正"], ["mediation", "refused", "rejected", "not accepted"]),
        ("消費爭議調解辦法", "Consumer dispute mediation regulation"),
    ),
    _entry(
        "mediation_proposal_objection",
        "mediation",
        (
            "調解委員會提出方案，我不同意怎麼辦？",
            "I disagree with the committee's mediation proposal. What can I do?",
        ),
        (
            "收到方案後10天內提出異議即可；逾期未異議，視為雙方同意方案成立。",
            "Object within 10 days of receiving it. If nobody objects in time, the proposal counts "
            "as accepted.",
        ),
        (
            ["調解方案", "異議", "10天", "不同意"],
            ["proposal", "object", "objection", "10 days", "disagree"],
        ),
        (f"{CPA_ZH}第45條之2、第45條之3", f"{CPA_EN} Art. 45-2, 45-3"),
    ),
    _entry(
        "mediation_effect",
        "mediation",
        ("調解成立後有什麼效力？", "What is a mediation settlement worth?"),
        (
            "調解書經法院核定後，與民事確定判決有同一效力：同一事件不能再起訴，業者不履行時可聲請法院強制執行。",
            "Once the court approves it, the settlement has the effect of a final civil judgment: "
            "no new lawsuit on the same matter, and you can have it enforced through the court if "
            "the business does not perform.",
        ),
        (
            ["調解成立", "效力", "強制執行", "法院核定"],
            ["settlement", "effect", "enforce", "judgment", "binding"],
        ),
        (f"{CPA_ZH}第46條", f"{CPA_EN} Art. 46"),
    ),
    _entry(
        "who_is_consumer",
        "complaints",
        (
            "買來轉賣或做生意用，算消費爭議嗎？",
            "Is it a consumer dispute if I bought to resell or for business?",
        ),
        (
            "不算。消費者是為個人或家庭使用而購買的最終使用者；轉賣、投資或營業用途，請洽區公所調解委員會或法院。",
            "No. A consumer is the final user buying for personal or household use. For resale, "
            "investment or business purchases, go to the district mediation committee or a court.",
        ),
        (
            ["消費者", "轉賣", "營業", "投資", "定義"],
            ["consumer", "resell", "business use", "investment", "definition"],
        ),
        (f"{CPA_ZH}第2條", f"{CPA_EN} Art. 2"),
    ),
    _entry(
        "court_small_claims",
        "mediation",
        ("一定要先申訴或調解才能告嗎？", "Must I complain or mediate before going to court?"),
        (
            "不用。您隨時可以向法院起訴，申訴和調解都不是必要程序。金額較小的案件可以用小額訴訟。",
            "No. You can sue at any time; complaints and mediation are not required first. Smaller "
            "amounts can go through the small claims procedure.",
        ),
        (["法院", "起訴", "小額訴訟", "告"], ["court", "sue", "small claims", "lawsuit"]),
    ),
    _entry(
        "consumer_hotline",
        "complaints",
        ("消費者服務專線是幾號？", "What is the consumer hotline number?"),
        (
            "全國消費者服務專線1950，上班時間撥打會轉接到所在縣市。路燈、噪音、垃圾等市政問題請撥1999。",
            "Call 1950 during office hours; it routes you to your city. City matters such as "
            "street lights, noise or garbage go to the 1999 hotline instead.",
        ),
        (["1950", "專線", "電話", "客服", "1999"], ["hotline", "phone", "1950", "call", "contact"]),
    ),
    _entry(
        "complaint_refusal",
        "complaints",
        ("什麼情況申訴會不受理？", "When is a complaint refused?"),
        (
            "例如：不是消費爭議、沒寫業者、沒有真實姓名或聯絡方式、非本人或代理人提出、同一事件重複申訴，"
            "或已經調解成立或判決確定。",
            "For example: it is not a consumer dispute, names no business, gives no real name or "
            "contact, comes from neither the consumer nor an agent, repeats a complaint on the "
            "same "
            "facts, or was already settled or judged.",
        ),
        (
            ["不受理", "駁回", "申訴", "重複"],
            ["refused", "rejected", "complaint", "duplicate", "not accepted"],
        ),
    ),
]
