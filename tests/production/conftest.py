"""Production-mode tests reuse the channel tests' fakes (LINE platform, Rasa stand-in)."""

from tests.channels.conftest import fake_line, fake_rasa, settings

__all__ = ["fake_line", "fake_rasa", "settings"]
