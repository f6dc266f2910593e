"""The custom NLU components: the sentence embedding is the packaged encoder's, and the
intent classifier answers the same after it was stored and loaded (plain arrays, no pickle)."""

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.intent_classifier import DeskIntentClassifier
from nlu.components.sentence_embeddings import SentenceEmbeddingFeaturizer

EXAMPLES = [
    ("file_complaint", "健身房倒閉了 預付的錢都不退"),
    ("file_complaint", "the phone shop refuses to fix my new phone"),
    ("file_complaint", "網購的外套一直沒寄來 賣家不回訊息"),
    ("book_mediation", "我想預約調解"),
    ("book_mediation", "can I book a mediation session next week"),
    ("book_mediation", "調解還有哪天有空"),
    ("greet", "你好"),
    ("greet", "hello there"),
    ("greet", "在嗎"),
]


def context(name: str) -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name=name)


def featurized(texts_and_intents: list[tuple[str, str]]) -> list[Message]:
    featurizer = SentenceEmbeddingFeaturizer("embed", {"alias": "sentence_embedding"})
    messages = [Message(data={TEXT: text, INTENT: intent}) for intent, text in texts_and_intents]
    for message in messages:  # the tokenizer's job in the pipeline; one token is enough here
        message.set("text_tokens", [object()])
    return featurizer.process(messages)


def test_the_embedding_puts_the_same_request_in_two_languages_close() -> None:
    zh, en, other = featurized(
        [("x", "我想預約調解"), ("x", "I want to book a mediation"), ("x", "今天天氣很好")]
    )
    sentences = [m.get_dense_features(TEXT, ["sentence_embedding"])[1] for m in (zh, en, other)]
    vectors = [features.features[0] for features in sentences if features is not None]
    assert vectors[0].shape == (512,)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])


def test_the_classifier_answers_the_same_after_it_was_stored_and_loaded(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intents")
    trained = DeskIntentClassifier.create({}, storage, resource, context("intents"))
    trained.train(TrainingData(featurized(EXAMPLES)))
    loaded = DeskIntentClassifier.load({}, storage, resource, context("intents"))

    queries = [("?", "我要申請調解"), ("?", "哈囉"), ("?", "the gym closed and kept my money")]
    before = trained.process(featurized(queries))
    after = loaded.process(featurized(queries))
    assert [m.get(INTENT)["name"] for m in after] == ["book_mediation", "greet", "file_complaint"]
    for first, second in zip(before, after, strict=True):
        assert first.get(INTENT)["name"] == second.get(INTENT)["name"]
        assert np.isclose(first.get(INTENT)["confidence"], second.get(INTENT)["confidence"])
    assert not list(tmp_path.rglob("*.pkl"))


def test_the_classifier_refuses_to_run_without_the_embedding(tmp_path: Path) -> None:
    classifier = DeskIntentClassifier.create(
        {}, LocalModelStorage(tmp_path), Resource("i"), context("i")
    )
    with pytest.raises(ValueError, match="sentence_embedding"):
        classifier.train(TrainingData([Message(data={TEXT: "你好", INTENT: "greet"})]))
