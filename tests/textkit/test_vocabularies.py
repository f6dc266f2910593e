"""textkit's vocabularies are the same keys the API and the NLU use (docs/contracts.md):
a category or FAQ topic known to one part but not another is a bug."""

from pathlib import Path
from typing import Any

import yaml

from api.cases.models import CaseCategory
from api.faq.seed_data import load_seed
from textkit.categories import CATEGORIES, CATEGORY_KEYWORDS, CATEGORY_LABELS, OTHER
from textkit.faq_topics import FAQ_TOPICS

NLU = Path(__file__).resolve().parents[2] / "nlu"


def yaml_files(folder: Path) -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in folder.glob("*.yml")]


def test_categories_are_the_apis() -> None:
    assert set(CATEGORIES) == {category.value for category in CaseCategory}
    assert OTHER in CATEGORIES


def test_every_category_has_a_label_and_all_but_other_have_keywords() -> None:
    for key in CATEGORIES:
        assert CATEGORY_LABELS[key].zh and CATEGORY_LABELS[key].en, key
        assert bool(CATEGORY_KEYWORDS[key]) == (key != OTHER), key


def seeded_topics() -> list[str]:
    return [str(entry["topic"]) for entry in load_seed()]


def test_every_nlu_topic_has_a_knowledge_base_answer() -> None:
    assert len(FAQ_TOPICS) == len(set(FAQ_TOPICS))
    assert set(FAQ_TOPICS) <= set(seeded_topics())


def test_faq_topics_are_the_knowledge_bases() -> None:
    seeded = seeded_topics()
    assert len(seeded) == len(set(seeded))
    assert set(FAQ_TOPICS) == set(seeded)


def test_faq_topics_are_the_nlu_responses_and_intents() -> None:
    responses = {
        key.removeprefix("utter_faq/")
        for domain in yaml_files(NLU / "domain")
        for key in domain.get("responses") or {}
        if key.startswith("utter_faq/")
    }
    intents = {
        block["intent"].removeprefix("faq/")
        for data in yaml_files(NLU / "data")
        for block in data.get("nlu") or []
        if str(block.get("intent", "")).startswith("faq/")
    }
    assert responses == set(FAQ_TOPICS)
    assert intents == set(FAQ_TOPICS)
