"""The privacy notice promises what the retention job does (api/privacy/retention.py)."""

from api.core.config_groups import PrivacySettings
from api.help.privacy import privacy_notice


def _retention_text(language: str) -> str:
    section = next(s for s in privacy_notice().sections if s.key == "retention")
    return " ".join(p.pick(language) for p in section.paragraphs)


def test_the_notice_states_the_default_retention_periods() -> None:
    defaults = PrivacySettings.model_construct()  # the defaults, not this machine's .env
    assert defaults.retention_case_closed_days == 365
    assert "one year after your last case closes" in _retention_text("en")
    assert "結案一年後" in _retention_text("zh-TW")
    quiet = defaults.retention_quiet_days
    assert f"{quiet} days after the last message" in _retention_text("en")
    assert f"{quiet} 天刪除" in _retention_text("zh-TW")
