"""The command lines scripts/stack.py starts processes with, read by the programs' own
argument parsers: any random secret must reach them whole."""

import subprocess
from pathlib import Path

from scripts import train
from scripts.stack import RASA_BIN, RASA_CLI, Stack, StackConfig

# What Rasa's own CLI makes of a `rasa run …` command line.
RASA_PARSES = (
    "import sys; from rasa.__main__ import create_argument_parser;"
    "print(create_argument_parser().parse_args(sys.argv[1:]).auth_token)"
)


def stack_config(tmp_path: Path, *, rasa_token: str = "t") -> StackConfig:
    return StackConfig(
        model=tmp_path / "model.tar.gz",
        database_url="sqlite+aiosqlite:///:memory:",
        tracker_db=tmp_path / "tracker.db",
        log_dir=tmp_path,
        service_token="s",
        session_secret="s",
        rasa_token=rasa_token,
    )


def test_a_rasa_token_that_begins_with_a_dash_reaches_rasa_whole(tmp_path: Path) -> None:
    """secrets.token_urlsafe begins with "-" once in 64 tokens; argparse once read it as the
    next option and Rasa refused to start ("--auth-token: expected one argument")."""
    token = "-Zx9_leading-dash"
    config = stack_config(tmp_path, rasa_token=token)
    rasa_run = Stack(config)._rasa_command(5005)[len(RASA_CLI) :]
    parsed = subprocess.run(
        [str(RASA_BIN / "python"), "-c", RASA_PARSES, *rasa_run],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert parsed.returncode == 0, parsed.stderr[-500:]
    assert parsed.stdout.strip().splitlines()[-1] == token


def test_every_rasa_process_starts_through_the_entry_point_that_reports_nothing(
    tmp_path: Path,
) -> None:
    """rasa_runtime/cli.py (docs/security.md): `rasa` itself would set up Rasa's Sentry."""
    assert (str(RASA_BIN / "python"), "-m", "rasa_runtime.cli") == RASA_CLI
    stack = Stack(stack_config(tmp_path))
    commands = {
        "rasa server": stack._rasa_command(5005),
        "action server": stack._actions_command(),
        "training": train.train_command(tmp_path / "desk-x.tar.gz"),
    }
    for name, command in commands.items():
        assert tuple(command[: len(RASA_CLI)]) == RASA_CLI, name
