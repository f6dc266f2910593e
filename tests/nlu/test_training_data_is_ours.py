"""The scoreboard stays a scoreboard: no training utterance is in our held-out files or in
the public CLINC150 out-of-scope set (tests/nlu/check_disjoint.py compares them)."""

from tests.nlu.check_disjoint import EVAL_FILES, eval_rows, normalise, overlap, training_texts


def test_no_evaluation_utterance_is_in_the_training_data() -> None:
    train = {normalise(t) for t in training_texts()}
    assert len(train) > 1000
    assert len(EVAL_FILES) >= 3  # two held-out files of ours and CLINC150
    for path in EVAL_FILES:
        assert eval_rows(path), path
        found = overlap(path, train)
        assert found == [], f"{path.name}: {found[:5]}"
