"""FAQ search that works for Chinese (no spaces) and English, ranked BM25-style in Python.

Chinese runs are cut with jieba (plus a small domain dictionary) and also split into
character bigrams, so a word jieba cuts differently still matches at a lower weight.
English is lower-cased, stop words dropped, a plural "s" trimmed; an English word no
entry uses stands for its closest known words (a typo: "coolng" → "cooling"). Question,
keywords and answer count 3 : 2 : 1. At a knowledge base of a few hundred entries this is
milliseconds and behaves the same on SQLite and PostgreSQL.
"""

import difflib
import logging
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jieba

DOMAIN_WORDS = (
    "鑑賞期", "猶豫期", "七天鑑賞期", "定型化契約", "審閱期", "消保官", "消保法", "禮券",
    "儲值卡", "健身房", "健身中心", "退費", "退貨", "退款", "解約", "調解", "申訴",
    "小額訴訟", "懲罰性賠償金", "履約保證", "刷卡", "信用卡", "爭議款", "押金", "訂金",
    "旅行社", "估價", "保固", "租屋", "網購", "跨境", "代理人", "調解委員會", "暫停",
    "停卡", "展延", "定金", "申訴書", "消費爭議", "消費者",
)  # fmt: skip
_STOPWORD_TEXT = (
    "的 了 嗎 呢 吧 啊 是 我 你 他 她 要 有 在 和 與 及 或 會 能 可以 怎麼 什麼 如何 請問 "
    "如果 這 那 被 都 也 就 還 嗎？ 想 該 怎麼辦 a an the is are was be to of in on for "
    "and or my i me it do does can how what when who if with at by from your you"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
FIELD_WEIGHTS = {"question": 3.0, "keywords": 2.0, "answer": 1.0}
BIGRAM_WEIGHT = 0.3
CHARACTER_WEIGHT = 0.1
TERM_WEIGHTS = {"2:": BIGRAM_WEIGHT, "1:": CHARACTER_WEIGHT}  # by term prefix
TYPO_WEIGHT = 0.8
TYPO_CUTOFF = 0.75  # difflib similarity: one wrong, missing or swapped letter in six
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_jieba_ready = False
_jieba_lock = threading.Lock()


def _ensure_jieba() -> None:
    """Load jieba's dictionary once (it takes about a second), with our domain words."""
    global _jieba_ready
    with _jieba_lock:
        if _jieba_ready:
            return
        jieba.setLogLevel(logging.WARNING)
        for word in DOMAIN_WORDS:
            jieba.add_word(word, freq=50_000)
        jieba.initialize()
        _jieba_ready = True


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokenize(text: str) -> Counter[str]:
    """Weighted-by-count terms: jieba words, `2:`-prefixed CJK bigrams, `1:`-prefixed
    characters (so one mistyped character still leaves a match), English words and the
    parts of hyphenated ones ("cooling-off" is also "cooling" and "off")."""
    _ensure_jieba()
    terms: Counter[str] = Counter()
    lowered = text.lower()
    for run in _CJK_RUN.findall(lowered):
        for word in jieba.cut_for_search(run):
            if len(word) > 1 and word not in STOPWORDS:
                terms[word] += 1
        terms.update(f"2:{run[i : i + 2]}" for i in range(len(run) - 1))
        terms.update(f"1:{char}" for char in run if char not in STOPWORDS)
    for word in _LATIN_WORD.findall(lowered):
        parts = word.split("-") if "-" in word else []
        for part in (word, *parts):
            if part not in STOPWORDS:
                terms[_stem(part)] += 1
    return terms


@dataclass(frozen=True)
class Document:
    key: int
    fields: dict[str, Counter[str]]

    @property
    def vocabulary(self) -> set[str]:
        return set().union(*(set(terms) for terms in self.fields.values()))


def make_document(key: int, *, question: str, keywords: Iterable[str], answer: str) -> Document:
    return Document(
        key,
        {
            "question": tokenize(question),
            "keywords": tokenize(" ".join(keywords)),
            "answer": tokenize(answer),
        },
    )


def rank(query: str, documents: Sequence[Document], *, limit: int) -> list[tuple[int, float]]:
    """(document key, score) best first; documents sharing no term are left out."""
    query_terms = set(tokenize(query))
    if not query_terms or not documents:
        return []
    vocabularies = [doc.vocabulary for doc in documents]
    terms = _with_typo_matches(query_terms, set().union(*vocabularies))
    total = len(documents)
    idf = {
        term: factor * math.log(1 + (total - df + 0.5) / (df + 0.5))
        for term, factor in terms.items()
        if (df := sum(term in vocab for vocab in vocabularies))
    }
    scored = [(doc.key, _score(doc, idf)) for doc in documents]
    hits = sorted((hit for hit in scored if hit[1] > 0), key=lambda hit: (-hit[1], hit[0]))
    return [(key, round(score, 3)) for key, score in hits[:limit]]


def _with_typo_matches(query_terms: set[str], known: set[str]) -> dict[str, float]:
    """Query terms with their weight; an unknown English word adds its closest known ones."""
    terms = dict.fromkeys(query_terms, 1.0)
    latin_known = [term for term in known if _LATIN_WORD.fullmatch(term)]
    for term in query_terms:
        if term in known or len(term) < 4 or not _LATIN_WORD.fullmatch(term):
            continue
        for match in difflib.get_close_matches(term, latin_known, n=2, cutoff=TYPO_CUTOFF):
            terms.setdefault(match, TYPO_WEIGHT)
    return terms


def _score(doc: Document, idf: dict[str, float]) -> float:
    """Sum over matched terms; single characters only add to a document a word matched."""
    score = 0.0
    anchored = False
    for term, weight in idf.items():
        term_weight = TERM_WEIGHTS.get(term[:2], 1.0)
        for field, terms in doc.fields.items():
            count = terms.get(term, 0)
            if count:
                anchored = anchored or not term.startswith("1:")
                # Saturating term frequency: the fifth mention adds little.
                score += term_weight * weight * FIELD_WEIGHTS[field] * count / (count + 1.2)
    return score if anchored else 0.0
