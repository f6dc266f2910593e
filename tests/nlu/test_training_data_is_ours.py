"""The scoreboard stays a scoreboard: no training utterance is in our held-out file or in
the public CLINC150 out-of-scope set, compared the way the project's stop hook does
(punctuation and spaces removed, case folded)."""

import re
from pathlib import Path

from tests.nlu.check_disjoint import ROOT, training_texts

EVAL_FILES = [
    ROOT / "tests/nlu/heldout.tsv",
    ROOT / "tests/nlu/heldout_round5.tsv",
    ROOT.parent / "shared/eval/clinc150_oos_test.tsv",
]


def normalise(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text.lower())


def rows(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[1] for line in lines if "\t" in line and not line.startswith("#")]


def test_no_evaluation_utterance_is_in_the_training_data() -> None:
    train = {normalise(t) for t in training_texts()}
    assert len(train) > 1000
    for path in EVAL_FILES:
        found = rows(path)
        assert found, path
        overlap = [row for row in found if normalise(row) and normalise(row) in train]
        assert overlap == [], f"{path.name}: {overlap[:5]}"
