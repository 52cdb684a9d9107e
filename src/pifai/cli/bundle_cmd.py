"""``pifai export`` and ``pifai import``: a product's PIF bundle out of and into a database.

Exit codes: 0 done · 1 the export or import cannot be made (named file and reason) ·
2 usage error.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import IntegrityError

from pifai.bundle import repository as bundle_repo
from pifai.bundle.export import export_product
from pifai.bundle.importer import ImportResult, bundle_org, discard_files, import_bundle
from pifai.bundle.manifest import BundleError
from pifai.bundle.reader import MAX_BUNDLE_BYTES, open_bundle
from pifai.cli.build_cmd import OutputError, writable_file
from pifai.core.config import Settings, get_settings
from pifai.core.database import Database
from pifai.files.service import FileServices
from pifai.kit.downloads import name_from_text
from pifai.kit.errors import AppError
from pifai.migrations.runner import migrate as run_migrations

_SIZE = re.compile(r"^\s*(\d+)\s*([KMGT]?)i?B?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


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
) -> tuple[str, bytes]:
    """The product's name and its bundle."""
    org = org_id or await _owning_org(settings, product_id)
    db = Database(settings.resolved_database_url)
    try:
        async with db.session(org_id=org) as session:
            product = await bundle_repo.product_org_for_org(session, org, product_id)
            data = await export_product(
                session, FileServices.from_settings(settings), settings, org, product_id, lang=lang
            )
            return (product.name if product else str(product_id)), data
    finally:
        await db.dispose()


def _bundle_target(out: str) -> Path:
    """``--out``: a file, or an existing directory to write ``PIF_<name>.zip`` into."""
    if not out.strip():
        raise _fail("--out: empty; name the bundle file or a directory", 2)
    return Path(out)


def export(
    product: Annotated[str, typer.Argument(help="The product id")],
    out: Annotated[
        str,
        typer.Option(
            "--out",
            help="The bundle to write (.zip); an existing directory gets PIF_<product name>.zip",
        ),
    ],
    org: Annotated[str | None, typer.Option(help="Its organisation id (else looked up)")] = None,
    lang: Annotated[str, typer.Option(help="PDF and report language: zh or en")] = "zh",
) -> None:
    """Write a product's PIF bundle: report, documents, PDFs, stored rows and a manifest."""
    settings = get_settings()
    target = _bundle_target(out)
    try:
        product_id = uuid.UUID(product)
        org_id = uuid.UUID(org) if org else None
    except ValueError as exc:
        raise _fail(f"not an id: {exc}", 2) from exc
    if not target.is_dir():
        _writable(target)
    try:
        name, data = asyncio.run(_export(settings, product_id, org_id, lang))
    except AppError as exc:
        raise _fail(exc.message) from exc
    if target.is_dir():
        target = target / name_from_text(f"PIF_{name}.zip", default="PIF_bundle")
        _writable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise _fail(f"{target}: cannot be written ({exc.strerror or exc})") from exc
    typer.echo(f"wrote {target} ({len(data)} bytes)")


def _writable(path: Path) -> None:
    try:
        writable_file(path)
    except OutputError as exc:
        raise _fail(str(exc)) from exc


async def _import(
    settings: Settings, path: Path, org_id: uuid.UUID | None, max_bytes: int
) -> ImportResult:
    await run_migrations(settings)
    services = FileServices.from_settings(settings)
    db = Database(settings.resolved_database_url)
    try:
        with open_bundle(
            path, max_bytes=max_bytes, max_file_bytes=settings.max_upload_bytes
        ) as bundle:
            target = org_id or bundle_org(bundle)
            written: list[ImportResult] = []
            try:
                async with db.session(org_id=target) as session:
                    written.append(await import_bundle(session, services, bundle, org_id=org_id))
            except BaseException:
                for result in written:  # imported, then the commit failed
                    await discard_files(services, result.storage_keys)
                raise
            return written[0]
    finally:
        await db.dispose()


def parse_size(value: str) -> int:
    """``2G``, ``500M``, ``512KiB`` or a number of bytes (binary units)."""
    match = _SIZE.match(value)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{value!r} is not a size (use e.g. 500M, 2G or a number of bytes)")
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


def import_(
    bundle: Annotated[Path, typer.Argument(help="A bundle written by `pifai export`")],
    org: Annotated[
        str | None, typer.Option(help="Import into this organisation (else the bundle's own)")
    ] = None,
    max_size: Annotated[
        str | None,
        typer.Option(
            "--max-size",
            help="Refuse a bundle that unpacks to more than this (e.g. 500M, 4G; default 2G). "
            "Each document must also fit the upload limit (PIFAI_MAX_UPLOAD_BYTES).",
        ),
    ] = None,
) -> None:
    """Import a PIF bundle (the database is migrated first); nothing of it is lost, and
    nothing of a refused bundle is kept."""
    settings = get_settings()
    try:
        org_id = uuid.UUID(org) if org else None
    except ValueError as exc:
        raise _fail(f"--org: {org!r} is not an organisation id", 2) from exc
    try:
        max_bytes = parse_size(max_size) if max_size else MAX_BUNDLE_BYTES
    except ValueError as exc:
        raise _fail(f"--max-size: {exc}", 2) from exc
    if not bundle.is_file():
        raise _fail(f"{bundle}: {'is a directory' if bundle.is_dir() else 'no such file'}")
    settings.ensure_data_dir()
    try:
        result = asyncio.run(_import(settings, bundle, org_id, max_bytes))
    except BundleError as exc:
        raise _fail(f"{bundle}: {exc}") from exc
    except IntegrityError as exc:
        raise _fail(f"{bundle}: the database refused the import ({exc.orig})") from exc
    typer.echo(
        f"imported product {result.product_id} ({result.product_name}) into organisation "
        f"{result.org_id}: {result.rows} rows, {result.files} files"
        + (" (organisation created)" if result.created_org else "")
    )
