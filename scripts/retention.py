"""Run the PDPA retention job once: erase citizens past their retention period.

    .venv/bin/python -m scripts.retention [--dry-run]

Reads DATABASE_URL, EVIDENCE_DIR, RETENTION_CASE_CLOSED_DAYS, RETENTION_QUIET_DAYS and
RASA_TRACKER_DB_URL like the desk app; run it daily (cron, a systemd timer). Prints counts
only (JSON), never who was erased.
"""

import argparse
import asyncio
import json
import logging
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.core.config import get_settings
from api.core.db import create_engine, create_sessionmaker
from api.core.time import utcnow
from api.privacy import retention
from api.privacy.logs import install_log_masking


async def main(dry_run: bool) -> dict[str, int]:
    settings = get_settings()
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)
    try:
        if dry_run:
            async with sessions() as session:
                found = await retention.due(session, now=utcnow(), settings=settings.privacy)
            return dict(Counter(f"due_{d.reason}" for d in found))
        return dict(await retention.run_now(sessions, evidence_dir=settings.evidence_dir))
    finally:
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="count who is due, erase nothing")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    install_log_masking()
    print(json.dumps(asyncio.run(main(args.dry_run)), sort_keys=True))
