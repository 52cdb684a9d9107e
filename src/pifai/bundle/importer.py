"""Import a PIF bundle into an organisation of this installation, with nothing lost: the
rows keep their ids and values, documents and PDFs their bytes (checked against the
manifest first), signed versions their exact canonical JSON and signature.

Signers and uploaders named by the bundle are matched by id, then by email; one unknown
here is created as a disabled account with no usable password, so the history stays
attributable without letting anyone log in as them.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.bundle import repository as repo
from pifai.bundle.export import TABLES, document_path, rendered_path
from pifai.bundle.manifest import MANIFEST, BundleError, verify
from pifai.bundle.rows import row_from_json
from pifai.files.crypto import encrypt
from pifai.files.service import FileServices
from pifai.models import (
    Organization,
    PifVersion,
    Product,
    RenderedReport,
    UploadedFile,
    User,
)
from pifai.models.base import Base
from pifai.models.enums import OrgType

MAX_BUNDLE_FILES = 10_000
MAX_BUNDLE_BYTES = 2 * 1024 * 1024 * 1024
# A password hash no password matches: imported signer accounts cannot log in.
DISABLED_PASSWORD = "!imported-account-no-login"  # noqa: S105 - not a hash: no login


@dataclass(frozen=True)
class ImportResult:
    org_id: uuid.UUID
    product_id: uuid.UUID
    product_name: str
    rows: int
    files: int
    created_org: bool
    created_users: int


def read_bundle(data: bytes) -> dict[str, bytes]:
    """The bundle's files by path, after the zip and manifest checks."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise BundleError(f"not a zip file: {exc}") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_BUNDLE_FILES:
            raise BundleError(f"{len(infos)} files; a bundle holds at most {MAX_BUNDLE_FILES}")
        if sum(i.file_size for i in infos) > MAX_BUNDLE_BYTES:
            raise BundleError("the bundle unpacks to more than 2 GiB")
        contents: dict[str, bytes] = {}
        for info in infos:
            path = PurePosixPath(info.filename)
            if info.is_dir():
                continue
            if path.is_absolute() or ".." in path.parts:
                raise BundleError(f"{info.filename}: unsafe path in the bundle")
            contents[info.filename] = archive.read(info)
    if MANIFEST not in contents:
        raise BundleError(f"{MANIFEST}: missing; this is not a PIF bundle")
    manifest = _json(contents, MANIFEST)
    files = {k: v for k, v in contents.items() if k != MANIFEST}
    verify(manifest, files)
    return files


def _json(files: dict[str, bytes], path: str) -> Any:
    if path not in files:
        raise BundleError(f"{path}: missing from the bundle")
    try:
        return json.loads(files[path])
    except ValueError as exc:
        raise BundleError(f"{path}: not valid JSON ({exc})") from exc


async def _target_org(
    session: AsyncSession, files: dict[str, bytes], org_id: uuid.UUID | None
) -> tuple[uuid.UUID, bool]:
    """The given organisation (must exist), else the bundle's own, created if absent."""
    if org_id is not None:
        if await repo.organization_for_org(session, org_id) is None:
            raise BundleError(f"organisation {org_id} does not exist here")
        return org_id, False
    described = _json(files, "organization.json")
    try:
        own = uuid.UUID(str(described["id"]))
        kind = OrgType(str(described["type"]))
    except (KeyError, ValueError) as exc:
        raise BundleError(f"organization.json: no usable id and type ({exc})") from exc
    if await repo.organization_for_org(session, own) is not None:
        return own, False
    session.add(Organization(id=own, name=str(described.get("name") or "Imported"), type=kind))
    await session.flush()
    return own, True


async def _users(
    session: AsyncSession, files: dict[str, bytes]
) -> tuple[dict[uuid.UUID, uuid.UUID], int]:
    """Bundle user id → user id here (same id, else same email, else a disabled account)."""
    named = _json(files, "users.json")
    if not isinstance(named, list):
        raise BundleError("users.json: must be a list")
    ids = {uuid.UUID(str(u["id"])) for u in named}
    known = {u.id for u in await repo.users_by_ids(session, ids)}
    by_email = {
        u.email: u.id for u in await repo.users_by_emails(session, [str(u["email"]) for u in named])
    }
    mapping: dict[uuid.UUID, uuid.UUID] = {}
    created = 0
    for entry in named:
        user_id = uuid.UUID(str(entry["id"]))
        email = str(entry["email"])
        if user_id in known:
            mapping[user_id] = user_id
        elif email in by_email:
            mapping[user_id] = by_email[email]
        else:
            session.add(
                User(
                    id=user_id,
                    email=email,
                    full_name=entry.get("full_name"),
                    password_hash=DISABLED_PASSWORD,
                    is_active=False,
                )
            )
            mapping[user_id] = user_id
            created += 1
    await session.flush()
    return mapping, created


async def import_bundle(
    session: AsyncSession,
    services: FileServices,
    data: bytes,
    *,
    org_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
) -> ImportResult:
    """Import into ``org_id`` (or the bundle's organisation). The caller's session must be
    bound to the target organisation (row-level security)."""
    files = read_bundle(data)
    target, created_org = await _target_org(session, files, org_id)
    users, created_users = await _users(session, files)
    product_row = _json(files, "product.json")
    product = row_from_json(Product, product_row, target, users)
    if await repo.product_org_for_org(session, target, product.id) is not None:
        raise BundleError(f"product {product.id} already exists in this organisation")
    session.add(product)
    await session.flush()
    count = 1
    stored = 0
    for name, model in TABLES:
        table = _json(files, name)
        if not isinstance(table, list):
            raise BundleError(f"{name}: must be a list")
        if model is PifVersion:  # a clone's source version goes in first
            table = sorted(table, key=lambda e: (str(e.get("created_at")), str(e.get("id"))))
        for entry in table:
            row: Base = row_from_json(model, entry, target, users)
            if isinstance(row, UploadedFile):
                row.storage_key = f"{target}/{row.id}"
                await _put(services, row.storage_key, files, document_path(row))
                stored += 1
            elif isinstance(row, RenderedReport):
                row.storage_key = f"{target}/{row.id}"
                await _put(services, row.storage_key, files, rendered_path(row))
                stored += 1
            session.add(row)
            count += 1
        await session.flush()  # the next table's foreign keys point here
    await audit.record(
        session,
        action="product.imported",
        org_id=target,
        user_id=user_id,
        resource=f"product:{product.id}",
        details={"rows": count, "files": stored, "created_users": created_users},
    )
    return ImportResult(target, product.id, product.name, count, stored, created_org, created_users)


async def _put(services: FileServices, key: str, files: dict[str, bytes], path: str) -> None:
    if path not in files:
        raise BundleError(f"{path}: missing from the bundle")
    await services.store.put(key, encrypt(services.keys, files[path], associated=key.encode()))
