"""Fails when a training utterance also appears in the held-out file or the CLINC150 set.

.venv-rasa/bin/python tests/nlu/check_disjoint.py
"""

import glob
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def training_texts() -> set[str]:
    texts = set()
    for path in glob.glob(str(ROOT / "nlu/data/*.yml")):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            m = re.match(r"\s+- (.*)$", line)
            if m:
                texts.add(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1)).strip().lower())
    return texts


def main() -> int:
    train = training_texts()
    bad = 0
    for path in (
        ROOT / "tests/nlu/heldout.tsv",
        ROOT / "tests/nlu/heldout_round5.tsv",
        ROOT.parent / "shared/eval/clinc150_oos_test.tsv",
    ):
        rows = [
            line.split("\t", 1)[1].strip().lower()
            for line in path.read_text(encoding="utf-8").splitlines()
            if "\t" in line and not line.startswith("#")
        ]
        overlap = [row for row in rows if row in train]
        print(f"{path.name}: {len(rows)} rows, {len(overlap)} in training data")
        bad += len(overlap)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
