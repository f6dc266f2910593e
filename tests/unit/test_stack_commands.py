"""The command lines scripts/stack.py starts processes with, read by the programs' own
argument parsers: any random secret must reach them whole."""

import subprocess
from pathlib import Path

from scripts.stack import RASA_BIN, Stack, StackConfig

# What Rasa's own CLI makes of a `rasa run …` command line.
RASA_PARSES = (
    "import sys; from rasa.__main__ import create_argument_parser;"
    "print(create_argument_parser().parse_args(sys.argv[1:]).auth_token)"
)


def test_a_rasa_token_that_begins_with_a_dash_reaches_rasa_whole(tmp_path: Path) -> None:
    """secrets.token_urlsafe begins with "-" once in 64 tokens; argparse once read it as the
    next option and Rasa refused to start ("--auth-token: expected one argument")."""
    token = "-Zx9_leading-dash"
    config = StackConfig(
        model=tmp_path / "model.tar.gz",
        database_url="sqlite+aiosqlite:///:memory:",
        tracker_db=tmp_path / "tracker.db",
        log_dir=tmp_path,
        service_token="s",
        session_secret="s",
        rasa_token=token,
    )
    rasa_run = Stack(config)._rasa_command(5005)[1:]
    parsed = subprocess.run(
        [str(RASA_BIN / "python"), "-c", RASA_PARSES, *rasa_run],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert parsed.returncode == 0, parsed.stderr[-500:]
    assert parsed.stdout.strip().splitlines()[-1] == token
