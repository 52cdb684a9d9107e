"""Storing and reading uploads: the content decides the type, the bytes are encrypted
before they touch the disk, and only the org-scoped API reads them back."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from pifai.audit import service as audit
from pifai.audit.service import RequestMeta
from pifai.auth.principal import Principal
from pifai.core.config import Settings
from pifai.files import repository as repo
from pifai.files.crypto import DecryptionFailed, FileKeys, decrypt, encrypt
from pifai.files.sniff import FileKind, mismatch, sniff
from pifai.files.storage import BlobStore, LocalBlobStore
from pifai.kit.downloads import safe_filename
from pifai.kit.errors import AppError, InvalidInput, NotFound
from pifai.models import UploadedFile

ACCEPTED_KINDS = frozenset({"pdf", "xlsx", "docx", "png", "jpeg", "text"})


class UnsupportedFile(AppError):
    status_code = 415
    code = "unsupported_file"


class FileTooLarge(AppError):
    status_code = 413
    code = "payload_too_large"


class CorruptFile(AppError):
    """Integrity failure of our own storage: a server-side problem, reported as such."""

    status_code = 500
    code = "corrupt_file"


@dataclass(frozen=True)
class FileServices:
    keys: FileKeys
    store: BlobStore

    @classmethod
    def from_settings(cls, settings: Settings) -> FileServices:
        return cls(
            FileKeys.parse(settings.resolved_file_keys()), LocalBlobStore(settings.files_dir)
        )


def check_upload(filename: str, data: bytes, *, max_bytes: int) -> FileKind:
    """Refuse what is empty, too large, not an accepted type, or not what its name says."""
    if not data:
        raise InvalidInput(
            f"{filename!r} is empty", details=[{"field": "file", "message": "empty"}]
        )
    if len(data) > max_bytes:
        raise FileTooLarge(f"{filename!r} is {len(data)} bytes; the limit is {max_bytes}")
    kind = sniff(data)
    if kind.kind not in ACCEPTED_KINDS:
        raise UnsupportedFile(
            f"{filename!r} is {kind.kind} content; accepted: PDF, XLSX, DOCX, PNG, JPEG, CSV/text"
        )
    problem = mismatch(filename, kind)
    if problem:
        raise UnsupportedFile(problem)
    return kind


async def store_upload(
    session: AsyncSession,
    services: FileServices,
    principal: Principal,
    *,
    product_id: uuid.UUID,
    item_number: int | None,
    filename: str,
    data: bytes,
    max_bytes: int,
    meta: RequestMeta,
) -> UploadedFile:
    name = safe_filename(filename)
    kind = check_upload(name, data, max_bytes=max_bytes)
    file_id = uuid.uuid4()
    storage_key = f"{principal.org_id}/{file_id}"
    blob = encrypt(services.keys, data, associated=storage_key.encode())
    await services.store.put(storage_key, blob)
    record = UploadedFile(
        id=file_id,
        org_id=principal.org_id,
        product_id=product_id,
        item_number=item_number,
        filename=name,
        file_type=kind.media_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=storage_key,
        encrypted=True,
        uploaded_by=principal.user_id,
    )
    session.add(record)
    await session.flush()
    await audit.record(
        session,
        action="document.uploaded",
        org_id=principal.org_id,
        user_id=principal.user_id,
        resource=f"product:{product_id}/file:{file_id}",
        details={"item": item_number, "filename": name, "sha256": record.sha256, "size": len(data)},
        meta=meta,
    )
    return record


async def read_file(
    session: AsyncSession,
    services: FileServices,
    org_id: uuid.UUID,
    product_id: uuid.UUID,
    file_id: uuid.UUID,
) -> tuple[UploadedFile, bytes]:
    record = await repo.get_file_for_org(session, org_id, product_id, file_id)
    if record is None:
        raise NotFound("File not found")
    try:
        blob = await services.store.get(record.storage_key)
        data = decrypt(services.keys, blob, associated=record.storage_key.encode())
    except (OSError, DecryptionFailed) as exc:
        raise CorruptFile(f"The stored file {record.filename!r} cannot be read: {exc}") from exc
    if hashlib.sha256(data).hexdigest() != record.sha256:
        raise CorruptFile(f"The stored file {record.filename!r} does not match its checksum")
    return record, data
