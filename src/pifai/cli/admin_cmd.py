"""``pifai admin``: operator tasks from the server's shell (English only)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from pifai.admin import service
from pifai.admin.schemas import PlanChangeOut
from pifai.audit.service import RequestMeta
from pifai.core.config import get_settings
from pifai.core.database import Database
from pifai.kit.errors import AppError
from pifai.models.enums import Plan

app = typer.Typer(help="Platform operator tasks.", no_args_is_help=True)


async def _set_plan(url: str, org_id: uuid.UUID, plan: Plan) -> PlanChangeOut:
    db = Database(url)
    try:
        async with db.session() as session:
            return await service.change_plan(
                session, None, org_id, plan, RequestMeta(user_agent="pifai-cli"), via="cli"
            )
    finally:
        await db.dispose()


@app.command("set-plan")
def set_plan(
    org_id: Annotated[uuid.UUID, typer.Argument(help="Organisation id")],
    plan: Annotated[Plan, typer.Argument(help="free, pro or enterprise")],
) -> None:
    """Set an organisation's plan (audited in its chain and the system chain, no user)."""
    try:
        result = asyncio.run(_set_plan(get_settings().resolved_database_url, org_id, plan))
    except AppError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        typer.echo(
            f"error: database unreachable or not migrated (pifai migrate): {reason}", err=True
        )
        raise typer.Exit(1) from None
    if not result.changed:
        typer.echo(f"{result.name}: already on the {result.plan.value} plan")
        return
    typer.echo(f"{result.name}: {result.previous_plan.value} -> {result.plan.value}")
    for usage in result.limits:
        if usage.exceeded:
            typer.echo(f"over the limit: {usage.limit} {usage.used} > {usage.allowed}")
