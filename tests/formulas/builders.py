"""Small generators for malformed and edge-case inputs (built in the test, never stored)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence

import openpyxl
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def xlsx(rows: Iterable[Sequence[object]], *, title: str = "Sheet1") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    return save(workbook)


def save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_table(
    lines: Sequence[Sequence[str]], *, columns: Sequence[float], title: str = ""
) -> bytes:
    """A one-page PDF with text laid out at fixed x positions (no ruling lines)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    y = 800.0
    if title:
        page.drawString(50, y, title)
        y -= 30
    for line in lines:
        for x, text in zip(columns, line, strict=False):
            if text:
                page.drawString(x, y, text)
        y -= 18
    page.save()
    return buffer.getvalue()


def zip_bomb(entry: str = "xl/worksheets/sheet1.xml", megabytes: int = 20) -> bytes:
    """A small zip whose single entry inflates to `megabytes` of zeros."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(entry, "w") as handle,
    ):
        for _ in range(megabytes):
            handle.write(chunk)
    return buffer.getvalue()
