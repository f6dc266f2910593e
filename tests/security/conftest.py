"""Security tests: the desk's own settings with an evidence folder of the test's own."""

from pathlib import Path

import pytest

from api.core.config import Settings


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"evidence_dir": tmp_path / "evidence"})
