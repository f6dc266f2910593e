"""`make run`: migrate, seed demo data, train if needed, start everything (a process that
exits is restarted with back-off), stop on Ctrl-C."""

import os
import secrets
import signal
import subprocess
import sys
import time

from api.core.config import get_settings
from scripts import train
from scripts.stack import ROOT, Stack, StackConfig

VAR = ROOT / "var"
SECRETS = VAR / "secrets.env"
SECRET_NAMES = ("SERVICE_TOKEN", "SESSION_SECRET", "RASA_TOKEN", "SENDER_SIGNING_KEY")


def local_secrets() -> dict[str, str]:
    """Secrets from the environment, else generated once into git-ignored var/secrets.env."""
    stored: dict[str, str] = {}
    if SECRETS.exists():
        for line in SECRETS.read_text().splitlines():
            key, _, value = line.partition("=")
            stored[key] = value
    for name in SECRET_NAMES:
        stored.setdefault(name, secrets.token_urlsafe(32))
    VAR.mkdir(exist_ok=True)
    SECRETS.write_text("".join(f"{k}={v}\n" for k, v in stored.items()))
    SECRETS.chmod(0o600)
    return {name: os.environ.get(name) or stored[name] for name in SECRET_NAMES}


def step(title: str, command: list[str], env: dict[str, str]) -> None:
    print(f"==> {title}", flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def main() -> int:
    keys = local_secrets()
    os.environ.update(keys)  # the settings below and every child see the same secrets
    env = dict(os.environ)
    settings = get_settings()  # refuses weak secrets here when DESK_MODE=production
    python = str(ROOT / ".venv" / "bin" / "python")
    step("migrating the desk database", [python, "-m", "alembic", "upgrade", "head"], env)
    step("seeding demo data", [python, "-m", "scripts.seed"], env)
    model = train.train()
    config = StackConfig(
        model=model,
        database_url=settings.database_url,
        tracker_db=VAR / "rasa-tracker.db",
        log_dir=VAR / "logs",
        service_token=keys["SERVICE_TOKEN"],
        session_secret=keys["SESSION_SECRET"],
        rasa_token=keys["RASA_TOKEN"],
        sender_signing_key=keys["SENDER_SIGNING_KEY"],
        timezone=settings.timezone,
        desk_host=os.environ.get("DESK_HOST", "127.0.0.1"),
        desk_port=int(os.environ.get("DESK_PORT", "8000")),
    )
    return serve(Stack(config))


def _stop_on_signals() -> None:
    """Ctrl-C (even when started in the background, where SIGINT is inherited as ignored)
    and SIGTERM from a service manager both stop every process cleanly."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def serve(stack: Stack) -> int:
    _stop_on_signals()
    names = ", ".join(stack.config.rasa_names)
    print(f"==> starting action server, Rasa ({names}; loads the model, ~40 s) and desk app")
    stack.start()
    try:
        stack.wait_ready()
        print(ready_banner(stack), flush=True)
        while not stack.dead():
            time.sleep(1)
        print(
            f"stopped: the supervisor gave up on {', '.join(stack.dead())}; "
            f"see {stack.config.log_dir}",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("\nstopping …")
        return 0
    finally:
        stack.stop()


def ready_banner(stack: Stack) -> str:
    c = stack.config
    rasa = ", ".join(c.rasa_urls)
    return (
        f"\nReady.\n  web chat:      {c.desk_url}/\n  staff console: {c.desk_url}/console\n"
        f"  API docs:      {c.desk_url}/docs\n  health:        {c.desk_url}/health\n"
        f"  Rasa server:   {rasa} (127.0.0.1 only)\n"
        f"  action server: {c.actions_url} (127.0.0.1 only)\n"
        f"  logs:          {c.log_dir}\n"
        "A process that exits is restarted (back-off 1 s … 30 s). Press Ctrl-C to stop."
    )


if __name__ == "__main__":
    raise SystemExit(main())
