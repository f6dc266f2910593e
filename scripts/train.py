"""Train the Rasa model only when its inputs changed.

The model file is named after a fingerprint of config.yml, nlu/, textkit/ (the pipeline
components use it) and the Rasa version, so an unchanged project reuses
models/desk-<fingerprint>.tar.gz.
Run with the desk env: `.venv/bin/python -m scripts.train [--print-path]`.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from scripts.stack import RASA_CLI, ROOT

INPUTS = [ROOT / "config.yml", ROOT / "nlu", ROOT / "textkit", ROOT / "requirements-rasa.txt"]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for base in INPUTS:
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    """The model for the current inputs; `DESK_MODEL` pins a given file instead
    (an operator rolling back, or a test run while someone edits nlu/)."""
    pinned = os.environ.get("DESK_MODEL")
    if pinned:
        return Path(pinned).resolve()
    return ROOT / "models" / f"desk-{fingerprint()}.tar.gz"


def train() -> Path:
    target = model_path()
    if target.exists():
        shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        print(f"model up to date: {shown}", flush=True)
        return target
    print(f"training {target.name} (inputs changed) …", flush=True)
    subprocess.run(train_command(target), cwd=ROOT, check=True)
    return target


def train_command(target: Path) -> list[str]:
    return [
        *RASA_CLI, "train",
        "--config", "config.yml", "--domain", "nlu/domain", "--data", "nlu/data",
        "--out", "models", "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]  # fmt: skip


if __name__ == "__main__":
    if "--print-path" in sys.argv:
        print(model_path())
    else:
        train()
