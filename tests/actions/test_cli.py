"""rasa_runtime/cli.py, the command every Rasa process of the project starts with: Rasa's
own command line, and nothing reported off the machine (Rasa alone sets up a Sentry client
with the key it ships, whatever RASA_TELEMETRY_ENABLED says)."""

import os
import subprocess
import sys

import rasa

from tests.actions.production_endpoints import ROOT

# What `rasa <command>` does before running any command (rasa/__main__.py), then what it
# set up; the desk's entry point first when asked.
PROBE = """
import sys
import rasa.telemetry
import sentry_sdk

if sys.argv[1] == "desk":
    from rasa_runtime.cli import keep_everything_local
    keep_everything_local()
rasa.telemetry.initialize_telemetry()
rasa.telemetry.initialize_error_reporting()
print(sentry_sdk.Hub.current.client is not None, rasa.telemetry.is_telemetry_enabled())
"""


def probe(entry: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASA_")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, entry],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def test_rasa_alone_would_report_crashes_to_its_own_sentry() -> None:
    """Why the entry point exists (the telemetry setting does not stop it)."""
    reporting, _ = probe("rasa").split()
    assert reporting == "True"


def test_through_the_desk_entry_point_nothing_is_reported() -> None:
    assert probe("desk") == "False False"


def test_it_is_rasas_own_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rasa_runtime.cli", "--version"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    assert rasa.__version__ in done.stdout
