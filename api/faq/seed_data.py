"""The seed FAQ knowledge base, kept as data in api/faq/data/faq.json.

One published entry per topic in docs/contracts.md, in our own words (facts from
../shared/DOMAIN.md); answers fit a phone screen and name their legal basis. Each entry
also names its help-centre `section` and the date its text was last reviewed (`updated`).
"""

import json
from pathlib import Path
from typing import Any

FAQ_FILE = Path(__file__).parent / "data" / "faq.json"


def load_seed(path: Path = FAQ_FILE) -> list[dict[str, Any]]:
    """The entries as dicts ready for `service.seed_missing`."""
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return entries


FAQ_SEED: list[dict[str, Any]] = load_seed()
