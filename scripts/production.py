"""`make run-production`: the production configuration on one machine, by configuration
only — the desk database on PostgreSQL, Rasa's tracker store on PostgreSQL and its lock
store on Redis (endpoints.production.yml), two desk-app workers, two Rasa servers and the
action server, and the PDPA retention job on its schedule, every process supervised
(scripts/supervisor.py).

    DATABASE_URL         postgresql://postgres@127.0.0.1:5432/desk_prod (created if missing)
    RASA_TRACKER_DB_URL  postgresql://postgres@127.0.0.1:5432/rasa_prod (created if missing)
    REDIS_URL            redis://127.0.0.1:6379/0 (Rasa's locks use database 1)
    DESK_WORKERS=2  RASA_SERVERS=2  DESK_PORT=8000  RASA_PORT=5005 (then 5006 …)
    RASA_NICENESS=10     the Rasa servers' CPU priority (0: the same as the desk app's)

Secrets come from the environment or var/secrets.env, as for `make run`; DESK_MODE is
`production`, so a weak or placeholder secret stops the start with a message.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from api.core.config import get_settings
from scripts import train
from scripts.run import VAR, local_secrets, serve, step
from scripts.stack import ROOT, Stack, StackConfig
from scripts.supervisor import NICENESS_VARIABLE, Child

LOCAL_PG = "postgresql://postgres@127.0.0.1:5432"
DEFAULTS = {
    "DESK_MODE": "production",
    "DATABASE_URL": f"{LOCAL_PG}/desk_prod",
    "RASA_TRACKER_DB_URL": f"{LOCAL_PG}/rasa_prod",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}

# Rasa uses every core it gets; on shared cores a webhook's ack (store, then 200) must not
# queue behind NLU work. Idle cores are still Rasa's: a lower priority costs its throughput
# nothing while the desk app is quiet (docs/benchmarks.md, "Production configuration").
RASA_NICENESS = "10"


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database `url` names if it does not exist yet."""
    target = make_url(url)
    name = target.database or ""
    admin = target.set(drivername="postgresql", database="postgres")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if found is None:
            print(f"==> creating database {name}", flush=True)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def rasa_store_env(
    tracker_db_url: str, redis_url: str, lock_prefix: str = "desk"
) -> dict[str, str]:
    """The variables endpoints.production.yml reads, from two URLs."""
    tracker, redis = make_url(tracker_db_url), urlsplit(redis_url)
    return {
        "RASA_TRACKER_DB_HOST": tracker.host or "127.0.0.1",
        "RASA_TRACKER_DB_PORT": str(tracker.port or 5432),
        "RASA_TRACKER_DB_NAME": tracker.database or "rasa",
        "RASA_TRACKER_DB_USER": tracker.username or "postgres",
        "RASA_TRACKER_DB_PASSWORD": tracker.password or "",
        "REDIS_HOST": redis.hostname or "127.0.0.1",
        "REDIS_PORT": str(redis.port or 6379),
        # Rasa's locks apart from the desk's per-citizen turns (database 0 by default).
        "RASA_LOCK_DB": "1",
        "RASA_LOCK_PREFIX": lock_prefix,  # letters and digits only (Rasa's rule)
    }


def production_config(
    model: Path,
    keys: Mapping[str, str],
    env: Mapping[str, str],
    *,
    log_dir: Path,
    desk_port: int = 8000,
    rasa_ports: tuple[int, ...] = (5005, 5006),
    actions_port: int = 5055,
    desk_workers: int = 2,
    extra_env: Mapping[str, str] | None = None,
) -> StackConfig:
    """Shared by `make run-production` and the production fault tests."""
    tracker_url, redis_url = env["RASA_TRACKER_DB_URL"], env["REDIS_URL"]
    return StackConfig(
        model=model,
        database_url=env["DATABASE_URL"],
        tracker_db=log_dir / "unused-tracker.db",  # the tracker store is PostgreSQL here
        log_dir=log_dir,
        service_token=keys["SERVICE_TOKEN"],
        session_secret=keys["SESSION_SECRET"],
        rasa_token=keys["RASA_TOKEN"],
        sender_signing_key=keys["SENDER_SIGNING_KEY"],
        timezone=env.get("TIMEZONE", "Asia/Taipei"),
        desk_host=env.get("DESK_HOST", "127.0.0.1"),
        desk_port=desk_port,
        rasa_port=rasa_ports[0],
        extra_rasa_ports=rasa_ports[1:],
        actions_port=actions_port,
        desk_workers=desk_workers,
        endpoints="endpoints.production.yml",
        redis_url=redis_url,
        extra_env={"DESK_MODE": "production", "RASA_TRACKER_DB_URL": tracker_url}
        | dict(extra_env or {}),
        rasa_extra_env=rasa_store_env(tracker_url, redis_url, env.get("RASA_LOCK_PREFIX", "desk"))
        | {NICENESS_VARIABLE: env.get("RASA_NICENESS", RASA_NICENESS)},
    )


def main() -> int:
    keys = local_secrets()
    os.environ.update(keys)
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    ensure_database(os.environ["DATABASE_URL"])
    ensure_database(os.environ["RASA_TRACKER_DB_URL"])
    env = dict(os.environ)
    get_settings()  # refuses weak secrets here (DESK_MODE=production)
    python = str(ROOT / ".venv" / "bin" / "python")
    step("migrating the desk database", [python, "-m", "alembic", "upgrade", "head"], env)
    step("seeding demo data", [python, "-m", "scripts.seed"], env)
    first_rasa = int(env.get("RASA_PORT", "5005"))
    config = production_config(
        train.train(),
        keys,
        env,
        log_dir=VAR / "logs-production",
        desk_port=int(env.get("DESK_PORT", "8000")),
        rasa_ports=tuple(first_rasa + i for i in range(int(env.get("RASA_SERVERS", "2")))),
        actions_port=int(env.get("ACTIONS_PORT", "5055")),
        desk_workers=int(env.get("DESK_WORKERS", "2")),
    )
    stack = Stack(config)
    # PDPA retention every RETENTION_EVERY, supervised like the rest (scripts/retention.py).
    retention = [python, "-m", "scripts.retention", "--every"]
    stack.supervisor.add(Child("retention", retention, env, config.log_dir / "retention.log", ROOT))
    return serve(stack)


if __name__ == "__main__":
    raise SystemExit(main())
