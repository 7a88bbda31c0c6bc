"""The RQ worker ``engage worker`` runs: jobs in this process, dead workers' jobs reaped."""

from __future__ import annotations

import logging
from typing import Any

from rq import SimpleWorker
from sqlalchemy.exc import SQLAlchemyError

from engage.extensions import db
from engage.jobs.abandoned import reap

log = logging.getLogger(__name__)

#: Seconds between RQ's maintenance passes, which also look for abandoned jobs.
MAINTENANCE_SECONDS = 60
#: An idle worker wakes every ``WORKER_TTL - 15`` s to beat and run maintenance (RQ: 405 s).
WORKER_TTL = 75


class EngageWorker(SimpleWorker):
    """SimpleWorker runs jobs in this process, inside the app context, so the NLP models load
    once per worker instead of once per job. Its maintenance (at start, then every minute)
    requeues or fails the jobs of workers that died. It registers again when Redis lost its
    registration (a restart without persistence), or ``/healthz`` would say "no workers"."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 (RQ's signature)
        kwargs.setdefault("maintenance_interval", MAINTENANCE_SECONDS)
        kwargs.setdefault("worker_ttl", WORKER_TTL)
        super().__init__(*args, **kwargs)

    def heartbeat(self, timeout: int | None = None, pipeline: Any = None) -> None:
        if pipeline is None and not self.connection.exists(self.key):
            log.warning("worker %s: Redis lost this worker's registration; registering again",
                        self.name)  # fmt: skip
            self.register_birth()
        super().heartbeat(timeout, pipeline)

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        try:
            found = reap()
        except SQLAlchemyError:
            db.session.rollback()
            log.warning("could not look for abandoned jobs; will try again", exc_info=True)
            return
        if found:
            log.warning("jobs abandoned by a dead worker, requeued or failed: %s", found)
