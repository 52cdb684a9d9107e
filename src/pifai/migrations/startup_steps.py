"""Track B: small additive steps run by ``pifai migrate`` and at start-up (SPEC §7).

Unlike the seed's version, a step is never "tried and ignored": each one states how to
recognise its target state. A step already in that state is recorded as ``present``;
otherwise it is applied, checked again and recorded as ``applied``; anything else raises.
Steps run with the owner role under the migration lock, after the Alembic revisions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class StartupStep:
    step_id: str
    description: str
    is_in_target_state: Callable[[Connection], bool]
    apply: Callable[[Connection], None]


def _has_index(table: str, name: str) -> Callable[[Connection], bool]:
    def check(conn: Connection) -> bool:
        return any(ix["name"] == name for ix in inspect(conn).get_indexes(table))

    return check


def _create_index(sql: str) -> Callable[[Connection], None]:
    def apply(conn: Connection) -> None:
        conn.execute(text(sql))

    return apply


STEPS: tuple[StartupStep, ...] = (
    StartupStep(
        step_id="2026_12_03_tasks_due_index",
        description="index tasks by status and next run time for the queue reconciler",
        is_in_target_state=_has_index("tasks", "ix_tasks_status_next_run_at"),
        apply=_create_index(
            "CREATE INDEX ix_tasks_status_next_run_at ON tasks (status, next_run_at)"
        ),
    ),
    StartupStep(
        step_id="2026_12_03_products_org_updated_index",
        description="index products by organisation and last update for paginated lists",
        is_in_target_state=_has_index("products", "ix_products_org_id_updated_at"),
        apply=_create_index(
            "CREATE INDEX ix_products_org_id_updated_at ON products (org_id, updated_at)"
        ),
    ),
)
