"""Import a PIF bundle into an organisation of this installation, with nothing lost: the
rows keep their ids and values, documents and PDFs their bytes (checked against the
manifest first), signed versions their exact canonical JSON and signature.

Signers and uploaders named by the bundle are matched by id, then by email; one unknown
here is created as a disabled account with no usable password, so the history stays
attributable without letting anyone log in as them.

Nothing is half-imported: the bundle is checked whole before anything is written (zip and
manifest in ``bundle.reader``, rows and their references here), a row the database refuses
is a ``BundleError`` naming its file, and the encrypted files written before a failure are
removed (``ImportResult.storage_keys`` lets a caller whose commit fails do the same).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.bundle import repository as repo
from pifai.bundle.export import TABLES, document_path, rendered_path
from pifai.bundle.manifest import BundleError
from pifai.bundle.reader import (
    MAX_BUNDLE_BYTES,
    MAX_DOCUMENT_BYTES,
    BundleReader,
    open_bundle,
)
from pifai.bundle.rows import ORG_COLUMN, row_from_json
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

# A password hash no password matches: imported signer accounts cannot log in.
DISABLED_PASSWORD = "!imported-account-no-login"  # noqa: S105 - not a hash: no login
PRODUCT_FILE = "product.json"
USERS_FILE = "users.json"
ORGANIZATION_FILE = "organization.json"

Source = BundleReader | bytes | Path


@dataclass(frozen=True)
class ImportResult:
    org_id: uuid.UUID
    product_id: uuid.UUID
    product_name: str
    rows: int
    files: int
    created_org: bool
    created_users: int
    storage_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Contents:
    """The bundle's rows, checked for shape and for references inside the bundle."""

    product: dict[str, Any]
    product_id: uuid.UUID
    users: list[dict[str, Any]]
    tables: dict[str, list[dict[str, Any]]]


def _list(bundle: BundleReader, path: str) -> list[dict[str, Any]]:
    rows = bundle.json(path)
    if not isinstance(rows, list):
        raise BundleError(f"{path}: must be a list")
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise BundleError(f"{path} row {index}: must be an object")
    return rows


def _id(row: dict[str, Any], where: str, key: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(str(row[key]))
    except KeyError:
        raise BundleError(f"{where}: field {key!r} is required") from None
    except ValueError:
        raise BundleError(f"{where}: field {key!r}: {row[key]!r} is not an id") from None


def _users_of(bundle: BundleReader) -> list[dict[str, Any]]:
    users = _list(bundle, USERS_FILE)
    for index, user in enumerate(users, start=1):
        where = f"{USERS_FILE} row {index}"
        _id(user, where)
        email = user.get("email")
        if not isinstance(email, str) or not email.strip() or len(email) > 320:
            raise BundleError(f"{where}: field 'email' must be an e-mail address")
        if user.get("full_name") is not None and not isinstance(user["full_name"], str):
            raise BundleError(f"{where}: field 'full_name' must be text")
    return users


def _references(
    name: str,
    model: type[Base],
    rows: list[dict[str, Any]],
    known: dict[str, set[uuid.UUID]],
    product_id: uuid.UUID,
) -> None:
    """Every foreign key of every row points at a row of the bundle (or at the bundle's
    product): a row pointing elsewhere would fail in the database, or land on another
    product."""
    for index, row in enumerate(rows, start=1):
        where = f"{name} row {index}"
        for column in inspect(model).columns:
            if column.key == ORG_COLUMN or row.get(column.key) is None:
                continue
            for fk in column.foreign_keys:
                target = fk.column.table.name
                value = _id(row, where, column.key)
                if target == "products" and value != product_id:
                    raise BundleError(
                        f"{where}: field {column.key!r}: {value} differs from the id "
                        f"{product_id} in {PRODUCT_FILE}; the bundle is not consistent"
                    )
                if target in known and value not in known[target]:
                    raise BundleError(
                        f"{where}: field {column.key!r}: {value} is no row of the bundle "
                        f"({target}); the bundle is not consistent"
                    )


def _contents(bundle: BundleReader) -> _Contents:
    product = bundle.json(PRODUCT_FILE)
    if not isinstance(product, dict):
        raise BundleError(f"{PRODUCT_FILE}: must be an object")
    product_id = _id(product, PRODUCT_FILE)
    if bundle.product_id is not None and str(product_id) != bundle.product_id:
        raise BundleError(
            f"{PRODUCT_FILE}: id {product_id} differs from the manifest's product_id "
            f"{bundle.product_id}; the bundle is not consistent"
        )
    users = _users_of(bundle)
    tables = {name: _list(bundle, name) for name, _ in TABLES}
    known: dict[str, set[uuid.UUID]] = {
        "products": {product_id},
        "users": {_id(u, USERS_FILE) for u in users},
    }
    for name, model in TABLES:
        ids: set[uuid.UUID] = set()
        for index, row in enumerate(tables[name], start=1):
            row_id = _id(row, f"{name} row {index}")
            if row_id in ids:
                raise BundleError(f"{name} row {index}: id {row_id} appears twice")
            ids.add(row_id)
        known[model.__tablename__] = ids
    _references(PRODUCT_FILE, Product, [product], known, product_id)
    for name, model in TABLES:
        _references(name, model, tables[name], known, product_id)
    return _Contents(product, product_id, users, tables)


def bundle_org(bundle: BundleReader) -> uuid.UUID:
    """The organisation a bundle comes from (to bind the import's session to it)."""
    described = bundle.json(ORGANIZATION_FILE)
    if not isinstance(described, dict):
        raise BundleError(f"{ORGANIZATION_FILE}: must be an object")
    return _id(described, ORGANIZATION_FILE)


async def _target_org(
    session: AsyncSession, bundle: BundleReader, org_id: uuid.UUID | None
) -> tuple[uuid.UUID, bool]:
    """The given organisation (must exist), else the bundle's own, created if absent."""
    if org_id is not None:
        if await repo.organization_for_org(session, org_id) is None:
            raise BundleError(f"organisation {org_id} does not exist here")
        return org_id, False
    own = bundle_org(bundle)
    described = bundle.json(ORGANIZATION_FILE)
    try:
        kind = OrgType(str(described.get("type")))
    except ValueError:
        raise BundleError(
            f"{ORGANIZATION_FILE}: field 'type': {described.get('type')!r} is not one of "
            f"{', '.join(t.value for t in OrgType)}"
        ) from None
    if await repo.organization_for_org(session, own) is not None:
        return own, False
    name = described.get("name")
    session.add(Organization(id=own, name=str(name)[:200] if name else "Imported", type=kind))
    await _flush(session, ORGANIZATION_FILE)
    return own, True


async def _users(
    session: AsyncSession, named: list[dict[str, Any]]
) -> tuple[dict[uuid.UUID, uuid.UUID], int]:
    """Bundle user id → user id here (same id, else same email, else a disabled account)."""
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
        elif user_id not in mapping:
            session.add(
                User(
                    id=user_id,
                    email=email,
                    full_name=entry.get("full_name"),
                    password_hash=DISABLED_PASSWORD,
                    is_active=False,
                )
            )
            by_email[email] = user_id
            mapping[user_id] = user_id
            created += 1
    await _flush(session, USERS_FILE)
    return mapping, created


async def _flush(session: AsyncSession, name: str, refused: str | None = None) -> None:
    """Flush, turning a refusal of the database into a ``BundleError`` naming the file."""
    try:
        await session.flush()
    except (IntegrityError, DataError) as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise BundleError(refused or f"{name}: a row cannot be stored here ({reason})") from exc


def _document_entry(bundle: BundleReader, row: UploadedFile, where: str) -> str:
    """The document's entry: its safe name; a bundle written before names were cleaned
    used the stored name (already checked to be a safe path when listed)."""
    for path in (document_path(row), f"documents/{row.id}/{row.filename}"):
        if path in bundle:
            return path
    raise BundleError(f"{where}: its document {document_path(row)} is missing from the bundle")


async def _put(
    services: FileServices, bundle: BundleReader, key: str, path: str, written: list[str]
) -> None:
    data = bundle.read(path)
    written.append(key)
    await services.store.put(key, encrypt(services.keys, data, associated=key.encode()))


def _rows(
    contents: _Contents, target: uuid.UUID, users: dict[uuid.UUID, uuid.UUID]
) -> list[tuple[str, list[tuple[str, Base]]]]:
    """The rows of every table, in insertion order, each with where it comes from."""
    tables = []
    for name, model in TABLES:
        entries = list(enumerate(contents.tables[name], start=1))
        if model is PifVersion:  # a clone's source version goes in first
            entries.sort(key=lambda e: (str(e[1].get("created_at")), str(e[1].get("id"))))
        rows: list[tuple[str, Base]] = []
        for index, entry in entries:
            where = f"{name} row {index}"
            rows.append((where, row_from_json(model, entry, target, users, where=where)))
        tables.append((name, rows))
    return tables


async def _import(
    session: AsyncSession,
    services: FileServices,
    bundle: BundleReader,
    org_id: uuid.UUID | None,
    user_id: uuid.UUID | None,
    written: list[str],
) -> ImportResult:
    contents = _contents(bundle)
    target, created_org = await _target_org(session, bundle, org_id)
    users, created_users = await _users(session, contents.users)
    product = row_from_json(Product, contents.product, target, users, where=PRODUCT_FILE)
    if await repo.product_org_for_org(session, target, product.id) is not None:
        raise BundleError(f"product {product.id} already exists in this organisation")
    session.add(product)
    await _flush(
        session,
        PRODUCT_FILE,
        f"product {product.id} already exists in another organisation of this installation "
        "(a product keeps its id when imported); nothing was imported",
    )
    tables = _rows(contents, target, users)  # every row parsed before anything is written
    count = 1
    stored = 0
    for name, rows in tables:
        for where, row in rows:
            if isinstance(row, UploadedFile):
                row.storage_key = f"{target}/{row.id}"
                path = _document_entry(bundle, row, where)
                await _put(services, bundle, row.storage_key, path, written)
                stored += 1
            elif isinstance(row, RenderedReport):
                row.storage_key = f"{target}/{row.id}"
                await _put(services, bundle, row.storage_key, rendered_path(row), written)
                stored += 1
            session.add(row)
            count += 1
        await _flush(session, name)  # the next table's foreign keys point here
    await audit.record(
        session,
        action="product.imported",
        org_id=target,
        user_id=user_id,
        resource=f"product:{product.id}",
        details={"rows": count, "files": stored, "created_users": created_users},
    )
    return ImportResult(
        target,
        product.id,
        product.name,
        count,
        stored,
        created_org,
        created_users,
        tuple(written),
    )


@contextmanager
def _opened(source: Source, max_bytes: int, max_file_bytes: int) -> Iterator[BundleReader]:
    if isinstance(source, BundleReader):
        yield source
        return
    with open_bundle(source, max_bytes=max_bytes, max_file_bytes=max_file_bytes) as bundle:
        yield bundle


async def discard_files(services: FileServices, keys: Iterable[str]) -> None:
    """Remove blobs an import wrote before it failed (or before its commit failed)."""
    for key in keys:
        try:
            await services.store.delete(key)
        except (OSError, ValueError):
            continue  # best effort: the original error is what the caller reports


async def import_bundle(
    session: AsyncSession,
    services: FileServices,
    source: Source,
    *,
    org_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    max_bytes: int = MAX_BUNDLE_BYTES,
    max_file_bytes: int = MAX_DOCUMENT_BYTES,
) -> ImportResult:
    """Import into ``org_id`` (or the bundle's organisation). The caller's session must be
    bound to the target organisation (row-level security) and is left to roll back on any
    error; the files written by this call are removed before the error propagates.
    ``max_bytes`` caps the unpacked bundle, ``max_file_bytes`` each uploaded document."""
    written: list[str] = []
    try:
        with _opened(source, max_bytes, max_file_bytes) as bundle:
            return await _import(session, services, bundle, org_id, user_id, written)
    except BaseException:
        await discard_files(services, written)
        raise
