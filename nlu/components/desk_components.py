# ruff: noqa: UP006, UP019, UP035
# (typing.List/Dict kept: Rasa validates component signatures against them)
"""Pipeline components: a Jieba tokenizer without whitespace tokens, and an extractor
that adds the `language` entity plus pattern entities (amount, date, phone, case number,
category) that are better found by rules than learned."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from textkit.amounts import AMOUNT
from textkit.business_names import find_business_name, widen_business_name
from textkit.case_numbers import CASE_NUMBER
from textkit.categories import find_category
from textkit.dates import DATE
from textkit.language import detect_language
from textkit.phones import PHONE
from textkit.spans import find_spans

PUNCTUATION = set("，。！？、；：「」『』（）《》〈〉…～·,.!?;:'\"()[]{}<>~-_/\\|`@#%^&*+=")


# Trainable like Rasa's own JiebaTokenizer: training is what copies the domain dictionary into
# the model, and loading the model is what hands it to Jieba (not trainable = no dictionary).
@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class ZhEnTokenizer(JiebaTokenizer):
    """Jieba for Chinese; drops the whitespace and punctuation tokens Jieba emits."""

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        """Tokenize, keeping only tokens with a word character."""
        tokens = super().tokenize(message, attribute)
        kept = [t for t in tokens if t.text.strip() and not set(t.text.strip()) <= PUNCTUATION]
        return kept or tokens[:1]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class DeskPatternExtractor(GraphComponent):
    """Adds `language` and pattern entities to every parsed message."""

    PATTERNS = (
        ("case_number", CASE_NUMBER),
        ("contact_phone", PHONE),
        ("amount", AMOUNT),
        ("purchase_date", DATE),
    )

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        """Create the component (no state)."""
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        """Append the entities found in each message's text."""
        for message in messages:
            text = message.get(TEXT) or ""
            learned = [_whole_business_name(text, e) for e in message.get(ENTITIES, [])]
            if not any(e.get("entity") == "business_name" for e in learned):
                learned += _business_name_by_ending(text)
            message.set(ENTITIES, learned + self.extract(text), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    @classmethod
    def extract(cls, text: str) -> List[Dict[str, Any]]:
        """Entities for one text, without overlapping spans."""
        entities: List[Dict[str, Any]] = []
        language = detect_language(text)
        if language:
            entities.append(_entity("language", language, 0, 0))
        taken: List[range] = []
        for name, pattern in cls.PATTERNS:
            for span in find_spans(pattern, text):
                if any(span.start in r or span.end - 1 in r for r in taken):
                    continue
                taken.append(range(span.start, span.end))
                entities.append(_entity(name, span.text, span.start, span.end))
        category = find_category(text)
        if category:
            entities.append(_entity("category", category, 0, 0))
        return entities


def _whole_business_name(text: str, entity: Dict[str, Any]) -> Dict[str, Any]:
    """DIET sometimes tags only the tail of a Chinese name; widen it to the whole name."""
    if entity.get("entity") != "business_name" or "start" not in entity:
        return entity
    start = widen_business_name(text, entity["start"], entity["end"])
    if start == entity["start"]:
        return entity
    return {**entity, "start": start, "value": text[start : entity["end"]]}


def _business_name_by_ending(text: str) -> List[Dict[str, Any]]:
    """The rule's guess when the model tagged no business name."""
    span = find_business_name(text)
    return [_entity("business_name", span.text, span.start, span.end)] if span else []


def _entity(name: str, value: str, start: int, end: int) -> Dict[str, Any]:
    return {
        "entity": name,
        "value": value,
        "start": start,
        "end": end,
        "confidence_entity": 1.0,
        "extractor": "DeskPatternExtractor",
    }
