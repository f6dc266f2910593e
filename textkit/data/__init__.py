"""Vocabularies kept as data (YAML beside this file), read by the textkit modules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent


def load_data(name: str) -> dict[str, Any]:
    """One YAML file of this folder as a mapping."""
    loaded = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return loaded
