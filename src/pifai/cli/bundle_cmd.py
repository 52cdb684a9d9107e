"""``pifai export`` and ``pifai import``: a product's PIF bundle out of and into a database."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Annotated

import typer

from pifai.bundle import repository as bundle_repo
from pifai.bundle.export import export_product
from pifai.bundle.importer import ImportResult, import_bundle, read_bundle
from pifai.bundle.manifest import BundleError
from pifai.core.config import Settings, get_settings
from pifai.core.database import Database
from pifai.files.service import FileServices
from pifai.kit.errors import AppError
from pifai.migrations.runner import migrate as run_migrations


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


async def _owning_org(settings: Settings, product_id: uuid.UUID) -> uuid.UUID:
    url = settings.resolved_admin_url
    if url is None:
        raise _fail(
            "pass --org: finding a product's organisation on PostgreSQL needs "
            "PIFAI_DATABASE_ADMIN_URL (a role with BYPASSRLS)",
            2,
        )
    db = Database(url)
    try:
        async with db.session() as session:
            org_id = await bundle_repo.owning_org_of_product(session, product_id)
    finally:
        await db.dispose()
    if org_id is None:
        raise _fail(f"no product {product_id}")
    return org_id


async def _export(
    settings: Settings, product_id: uuid.UUID, org_id: uuid.UUID | None, lang: str
) -> bytes:
    org = org_id or await _owning_org(settings, product_id)
    db = Database(settings.resolved_database_url)
    try:
        async with db.session(org_id=org) as session:
            return await export_product(
                session, FileServices.from_settings(settings), settings, org, product_id, lang=lang
            )
    finally:
        await db.dispose()


def export(
    product: Annotated[str, typer.Argument(help="The product id")],
    out: Annotated[Path, typer.Option("--out", help="The bundle to write (.zip)")],
    org: Annotated[str | None, typer.Option(help="Its organisation id (else looked up)")] = None,
    lang: Annotated[str, typer.Option(help="PDF and report language: zh or en")] = "zh",
) -> None:
    """Write a product's PIF bundle: report, documents, PDFs, stored rows and a manifest."""
    settings = get_settings()
    try:
        product_id = uuid.UUID(product)
        org_id = uuid.UUID(org) if org else None
    except ValueError as exc:
        raise _fail(f"not an id: {exc}") from exc
    try:
        data = asyncio.run(_export(settings, product_id, org_id, lang))
    except AppError as exc:
        raise _fail(exc.message) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    typer.echo(f"wrote {out} ({len(data)} bytes)")


async def _import(settings: Settings, data: bytes, org_id: uuid.UUID | None) -> ImportResult:
    await run_migrations(settings)
    db = Database(settings.resolved_database_url)
    try:
        target = org_id or _bundle_org(data)
        async with db.session(org_id=target) as session:
            return await import_bundle(
                session, FileServices.from_settings(settings), data, org_id=org_id
            )
    finally:
        await db.dispose()


def _bundle_org(data: bytes) -> uuid.UUID:
    """The organisation a bundle comes from, to bind the import's session to it."""
    described = json.loads(read_bundle(data)["organization.json"])
    return uuid.UUID(str(described["id"]))


def import_(
    bundle: Annotated[Path, typer.Argument(help="A bundle written by `pifai export`")],
    org: Annotated[
        str | None, typer.Option(help="Import into this organisation (else the bundle's own)")
    ] = None,
) -> None:
    """Import a PIF bundle (the database is migrated first); nothing of it is lost."""
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        data = bundle.read_bytes()
    except OSError as exc:
        raise _fail(f"{bundle}: {exc.strerror or exc}") from exc
    try:
        org_id = uuid.UUID(org) if org else None
        result = asyncio.run(_import(settings, data, org_id))
    except BundleError as exc:
        raise _fail(f"{bundle}: {exc}") from exc
    except (ValueError, KeyError) as exc:
        raise _fail(f"{bundle}: {exc}") from exc
    typer.echo(
        f"imported product {result.product_id} ({result.product_name}) into organisation "
        f"{result.org_id}: {result.rows} rows, {result.files} files"
        + (" (organisation created)" if result.created_org else "")
    )
