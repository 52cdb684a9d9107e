"""Prometheus metrics for autoscaling and operations, read from the ``tasks`` table (the
source of truth, shared by every web and worker process) at scrape time."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import CollectorRegistry

from pifai.core.database import Database
from pifai.models.base import utcnow
from pifai.models.enums import TaskStatus
from pifai.tasks import repository as repo
from pifai.tasks.queue import TaskQueue
from pifai.tasks.registry import kind_names

log = logging.getLogger(__name__)
DURATION_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)


class _Snapshot:
    """Metric families gathered asynchronously, handed to the synchronous client library."""

    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterable[Metric]:
        return self.families


async def render_metrics(db: Database | None, queue: TaskQueue | None) -> bytes:
    families: list[Metric] = []
    up = GaugeMetricFamily("pifai_metrics_database_up", "Task metrics could be read")
    if db is None:
        up.add_metric([], 0)
    else:
        families.extend(await _task_families(db))
        up.add_metric([], 1)
    families.append(up)
    if queue is not None:
        depth = GaugeMetricFamily("pifai_queue_transport_depth", "Entries waiting in the queue")
        try:
            depth.add_metric([], await queue.depth())  # type: ignore[attr-defined]
            families.append(depth)
        except Exception as exc:  # the transport being down shows as a missing series
            log.warning("queue depth unavailable", extra={"error": str(exc)})
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Snapshot(families))
    return generate_latest(registry)


async def _task_families(db: Database) -> list[Metric]:
    by_status = GaugeMetricFamily(
        "pifai_tasks", "Tasks by kind and status", labels=["kind", "status"]
    )
    depth = GaugeMetricFamily(
        "pifai_queue_depth", "Pending tasks due to run now, per kind", labels=["kind"]
    )
    retries = GaugeMetricFamily(
        "pifai_task_retries", "Runs beyond the first, summed over tasks, per kind", labels=["kind"]
    )
    duration = HistogramMetricFamily(
        "pifai_task_duration_seconds", "Run time of finished tasks", labels=["kind"]
    )
    async with db.session() as session:
        counts = await repo.count_tasks_by_kind_and_status(session, now=utcnow())
        retry_rows = await repo.retries_by_kind(session)
        histogram_rows = await repo.duration_histogram(session, DURATION_BUCKETS)
    # Every registered kind and status is reported, zeros included: an autoscaler must
    # read "0 waiting", not "no data".
    totals = {(kind, status.value): 0 for kind in kind_names() for status in TaskStatus}
    due: dict[str, int] = dict.fromkeys(kind_names(), 0)
    for kind, status, total, due_now in counts:
        totals[(kind, status)] = int(total)
        if status == TaskStatus.PENDING.value:
            due[kind] = due.get(kind, 0) + int(due_now)
    for (kind, status), total in sorted(totals.items()):
        by_status.add_metric([kind, status], total)
    for kind, value in sorted(due.items()):
        depth.add_metric([kind], value)
    for kind, extra_runs in retry_rows:
        retries.add_metric([kind], int(extra_runs))
    for row in histogram_rows:
        kind, count, total_seconds, *cumulative = tuple(row)
        buckets = [(str(b), int(c or 0)) for b, c in zip(DURATION_BUCKETS, cumulative, strict=True)]
        buckets.append(("+Inf", int(count)))
        duration.add_metric([kind], buckets, float(total_seconds))
    return [by_status, depth, retries, duration]
