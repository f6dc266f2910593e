"""The Rasa project itself, in the Rasa environment: the training data validates and
every test story (each dialogue flow) is predicted exactly by the trained model."""

import os
import subprocess
from pathlib import Path

import pytest

from scripts import train
from scripts.stack import RASA_CLI, ROOT

pytestmark = pytest.mark.e2e


def rasa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"TF_CPP_MIN_LOG_LEVEL": "2"}  # telemetry: off in rasa_runtime.cli
    return subprocess.run([*RASA_CLI, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_training_data_and_domain_validate() -> None:
    result = rasa("data", "validate", "--config", "config.yml", "--domain", "nlu/domain",
                  "--data", "nlu/data")  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_every_test_story_passes(tmp_path: Path) -> None:
    model = train.model_path()
    assert model.exists(), "run `make model` first"
    result = rasa("test", "core", "--stories", "tests/rasa", "--model", str(model),
                  "--out", str(tmp_path), "--fail-on-prediction-errors")  # fmt: skip
    failed = tmp_path / "failed_test_stories.yml"
    report = failed.read_text() if failed.exists() else ""
    # --fail-on-prediction-errors: any story predicted differently makes the exit non-zero.
    assert result.returncode == 0, report or (result.stdout[-3000:] + result.stderr[-3000:])
