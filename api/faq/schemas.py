from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.core.schemas import UtcDatetime
from api.core.strict import Bool
from api.faq.models import FaqCategory, FaqSection

Language = Literal["zh-TW", "en"]
TOPIC_PATTERN = r"^[a-z][a-z0-9_]{1,63}$"


class FaqCreate(BaseModel):
    topic: str = Field(pattern=TOPIC_PATTERN, examples=["cooling_off"])
    category: FaqCategory
    section: FaqSection | None = Field(
        default=None, description="help-centre section; by default the category's"
    )
    question_zh: str = Field(min_length=1, max_length=300)
    question_en: str = Field(min_length=1, max_length=300)
    answer_zh: str = Field(min_length=1, max_length=2000)
    answer_en: str = Field(min_length=1, max_length=2000)
    keywords_zh: list[str] = Field(default_factory=list, max_length=30)
    keywords_en: list[str] = Field(default_factory=list, max_length=30)
    article_zh: str | None = Field(default=None, max_length=200)
    article_en: str | None = Field(default=None, max_length=200)
    published: Bool = False


class FaqUpdate(BaseModel):
    """Every field optional: only what is sent changes."""

    category: FaqCategory | None = None
    section: FaqSection | None = None
    question_zh: str | None = Field(default=None, min_length=1, max_length=300)
    question_en: str | None = Field(default=None, min_length=1, max_length=300)
    answer_zh: str | None = Field(default=None, min_length=1, max_length=2000)
    answer_en: str | None = Field(default=None, min_length=1, max_length=2000)
    keywords_zh: list[str] | None = Field(default=None, max_length=30)
    keywords_en: list[str] | None = Field(default=None, max_length=30)
    article_zh: str | None = Field(default=None, max_length=200)
    article_en: str | None = Field(default=None, max_length=200)


class FaqRead(FaqCreate):
    """An entry as staff edit it."""

    model_config = ConfigDict(from_attributes=True)

    section: FaqSection  # always stored
    id: int
    created_at: UtcDatetime
    updated_at: UtcDatetime


class FaqAnswer(BaseModel):
    """One entry in one language, as the bot and the public page show it."""

    topic: str
    question: str
    answer: str
    article: str | None


class FaqHit(FaqAnswer):
    score: float


class FeedbackCreate(BaseModel):
    """A reader's "did this help?" (the comment is optional)."""

    topic: str = Field(pattern=TOPIC_PATTERN)
    helpful: Bool
    comment: str | None = Field(default=None, max_length=500)
    language: Language = "zh-TW"


class FeedbackRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    helpful: bool
    comment: str | None
    language: Language
    created_at: UtcDatetime


class FeedbackSummary(BaseModel):
    """One answer's votes and its newest comments, for staff."""

    topic: str
    helpful: int
    not_helpful: int
    comments: list[FeedbackRead]


class UnansweredSearchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    query: str
    language: Language
    times: int
    created_at: UtcDatetime
    last_seen_at: UtcDatetime
