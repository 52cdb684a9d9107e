"""Render a PIF PDF once per state, store it encrypted, and serve it from the cache.

A request for a state already rendered answers with the PDF; otherwise a ``pif.render``
task is created (the route answers 202 with it). The task recomputes the state when it
runs, so what it stores is exactly what it rendered, under that state's fingerprint.
"""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pifai.core.config import Settings
from pifai.core.database import Database
from pifai.files.crypto import DecryptionFailed, decrypt, encrypt
from pifai.files.service import CorruptFile, FileServices
from pifai.models import RenderedReport, Task
from pifai.pif.pdf import repository as repo
from pifai.pif.pdf.state import ReportState
from pifai.reports.document import document_for_snapshot
from pifai.reports.pdf import render_pdf
from pifai.tasks import service as tasks
from pifai.tasks.queue import TaskQueue

RENDER = "pif.render"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int | None
    pades_signed: bool


def document_of(state: ReportState) -> dict[str, Any]:
    return document_for_snapshot(
        state.snapshot,
        versions=state.versions,
        org_type=state.org_type,
        as_of=state.as_of,
        lang=state.lang,
        source="current" if state.version_id is None else "version",
    )


def _pages(pdf: bytes) -> int | None:
    """The page count as pdfinfo reads it (None when poppler is not installed)."""
    try:
        out = subprocess.run(
            ["pdfinfo", "-"],  # noqa: S607 - poppler-utils, installed by the set-up
            input=pdf,
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split(":", 1)[1])
    return None


def render(state: ReportState, settings: Settings) -> Rendered:
    """The PDF of a state; a signed version's PDF also gets a PAdES signature when a
    signing certificate is configured."""
    document = document_of(state)
    pdf = render_pdf(document)
    signed = False
    signature = document.get("signature") if state.version_id else None
    if signature and settings.signing_p12_path is not None:
        from pifai.reports.pades import sign_pdf

        pdf = sign_pdf(
            pdf,
            p12=settings.signing_p12_path.read_bytes(),
            password=settings.signing_p12_password.encode()
            if settings.signing_p12_password
            else None,
            reason="PIF safety assessment signed by the Safety Assessor",
            location=None,
            signer_name=str(signature.get("signer_email") or "Safety Assessor"),
        )
        signed = True
    return Rendered(pdf, _pages(pdf), signed)


async def find(
    session: AsyncSession, org_id: uuid.UUID, state: ReportState
) -> RenderedReport | None:
    return await repo.find_rendered_for_org(
        session, org_id, state.product_id, state.fingerprint, state.lang
    )


async def start_render(
    session: AsyncSession,
    db: Database,
    queue: TaskQueue,
    *,
    org_id: uuid.UUID,
    user_id: uuid.UUID,
    state: ReportState,
) -> Task:
    return await tasks.create_task(
        session,
        db,
        queue,
        org_id=org_id,
        kind=RENDER,
        payload={
            "product_id": str(state.product_id),
            "version_id": str(state.version_id) if state.version_id else None,
            "lang": state.lang,
            "as_of": state.as_of.isoformat(),
            "requested_by": str(user_id),
        },
        created_by=user_id,
    )


async def store(
    session: AsyncSession,
    services: FileServices,
    org_id: uuid.UUID,
    state: ReportState,
    rendered: Rendered,
    created_by: uuid.UUID | None,
) -> RenderedReport:
    """Keep the PDF (encrypted); a concurrent render of the same state keeps the first."""
    existing = await find(session, org_id, state)
    if existing is not None:
        return existing
    report_id = uuid.uuid4()
    key = f"{org_id}/{report_id}"
    await services.store.put(key, encrypt(services.keys, rendered.pdf, associated=key.encode()))
    row = RenderedReport(
        id=report_id,
        org_id=org_id,
        product_id=state.product_id,
        version_id=state.version_id,
        state_hash=state.fingerprint,
        lang=state.lang,
        storage_key=key,
        size_bytes=len(rendered.pdf),
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        pages=rendered.pages,
        pades_signed=rendered.pades_signed,
        created_by=created_by,
    )
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raced = await find(session, org_id, state)
        if raced is None:
            raise
        return raced
    return row


async def read(services: FileServices, row: RenderedReport) -> bytes:
    try:
        blob = await services.store.get(row.storage_key)
        data = decrypt(services.keys, blob, associated=row.storage_key.encode())
    except (OSError, DecryptionFailed) as exc:
        raise CorruptFile(f"The stored PDF cannot be read: {exc}") from exc
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise CorruptFile("The stored PDF does not match its checksum")
    return data


async def render_in_thread(state: ReportState, settings: Settings) -> Rendered:
    """WeasyPrint is CPU-bound and synchronous: keep the event loop free."""
    return await asyncio.to_thread(render, state, settings)
