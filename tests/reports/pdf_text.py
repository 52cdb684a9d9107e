"""Reading generated PDFs the way a person would check them: poppler's pdftotext and
pdfinfo (installed by the README's set-up; tests skip when they are missing)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) not installed",
)


def pdf_text(pdf: bytes, *, first: int | None = None, last: int | None = None) -> str:
    """The text of the PDF (or of pages first..last) in reading layout."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    done = subprocess.run(
        ["pdftotext", "-layout", *pages, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def page_count(pdf: bytes) -> int:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    line = next(x for x in done.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split(":", 1)[1])


def embedded_fonts(pdf: bytes) -> list[str]:
    done = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    return [line.split()[0] for line in done.stdout.decode().splitlines()[2:] if line.strip()]


def assert_complete_pdf(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip(b"\r\n").endswith(b"%%EOF")
