"""`rasa`'s own command line, with nothing sent off the machine: every Rasa process the
project starts (servers, the action server, training) runs `python -m rasa_runtime.cli …`
with the arguments `rasa …` would take.

Rasa 3.6 reports a process's uncaught exceptions to Rasa's own Sentry project whatever the
telemetry setting says: `rasa.__main__` calls `rasa.telemetry.initialize_error_reporting()`
for every command, with a key shipped inside the package. An exception's message can carry
what it was working on — a citizen's words, a sender id — and nothing about a citizen may
leave the city's machines. Rasa's usage telemetry (on unless switched off) is switched off
here as well, so no run depends on an environment variable being remembered."""

import os

import rasa.telemetry
from rasa.__main__ import main as rasa_main


def keep_everything_local() -> None:
    """Rasa's usage telemetry off and its crash reporting never set up."""
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    rasa.telemetry.initialize_error_reporting = _no_error_reporting


def _no_error_reporting() -> None:
    """Stands in for rasa.telemetry.initialize_error_reporting: no Sentry client."""


def main() -> None:
    keep_everything_local()
    rasa_main()


if __name__ == "__main__":
    main()
