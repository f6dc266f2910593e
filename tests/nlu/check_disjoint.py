"""Fails when a training utterance also appears in a held-out file or the CLINC150 set,
compared the way the project's stop hook does (punctuation and spaces removed, case folded).

.venv-rasa/bin/python tests/nlu/check_disjoint.py
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every held-out file (scripts/eval_nlu.py scores the same glob) and the public CLINC150 set.
EVAL_FILES = [
    *sorted((ROOT / "tests/nlu").glob("heldout*.tsv")),
    ROOT.parent / "shared/eval/clinc150_oos_test.tsv",
]


def normalise(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text.lower())


def training_texts() -> set[str]:
    texts = set()
    for path in (ROOT / "nlu/data").glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\s+- (.*)$", line)
            if m:
                texts.add(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1)).strip().lower())
    return texts


def eval_rows(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[1] for line in lines if "\t" in line and not line.startswith("#")]


def overlap(path: Path, normalised_training: set[str]) -> list[str]:
    """The rows of an evaluation file that are also training utterances."""
    return [
        row for row in eval_rows(path) if normalise(row) and normalise(row) in normalised_training
    ]


def main() -> int:
    train = {normalise(text) for text in training_texts()}
    bad = 0
    for path in EVAL_FILES:
        found = overlap(path, train)
        print(f"{path.name}: {len(eval_rows(path))} rows, {len(found)} in training data")
        bad += len(found)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
