"""Every annotated business name starts and ends on a Jieba token boundary (with the domain
dictionary in nlu/jieba): Rasa drops a misaligned annotation from entity training with only a
warning, so a name cut in the middle (阿明機車/行換) silently teaches DIET nothing."""

import re
from collections.abc import Iterator
from pathlib import Path

import jieba
import yaml

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def annotated_examples() -> Iterator[str]:
    for path in sorted((ROOT / "nlu/data").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            for line in str(block.get("examples") or "").splitlines():
                text = line.strip().removeprefix("- ")
                if "](business_name)" in text:
                    yield text


def business_name_spans(example: str) -> tuple[str, list[tuple[int, int]]]:
    """The plain text and the (start, end) of each business_name in it."""
    plain, spans, cursor = "", [], 0
    for match in ANNOTATION.finditer(example):
        plain += example[cursor : match.start()]
        if match.group(2) == "business_name":
            spans.append((len(plain), len(plain) + len(match.group(1))))
        plain += match.group(1)
        cursor = match.end()
    return plain + example[cursor:], spans


def test_every_business_name_is_whole_jieba_tokens() -> None:
    tokenizer = jieba.Tokenizer()
    with (ROOT / "nlu/jieba/desk_dict.txt").open("rb") as dictionary:
        tokenizer.load_userdict(dictionary)
    misaligned = []
    examples = list(annotated_examples())
    assert len(examples) > 50
    for example in examples:
        plain, spans = business_name_spans(example)
        tokens = list(tokenizer.tokenize(plain))
        starts, ends = {t[1] for t in tokens}, {t[2] for t in tokens}
        misaligned += [plain[s:e] for s, e in spans if s not in starts or e not in ends]
    assert misaligned == []
