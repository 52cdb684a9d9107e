"""Reading the official files: CSV with embedded newlines, multi-value cells, CAS numbers.

Importers take bytes (or a path) and return entries; they never fetch anything and never
fill a gap with a value the file does not state.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from pifai.regulatory.limit_text import clean

Source = bytes | str | Path

CAS_RE = re.compile(r"(?<![\d-])(\d{2,7}-\d{2}-\d)(?![\d-])")
_NAME_SPLIT = re.compile(r"\s*\n\s*|(?<!\bw)\s*/\s*(?!w\b)")
_INCI_SPLIT = re.compile(r"\s*(?:/|;|\n|,\s+(?=[A-Za-z(]))\s*")
_LISTED_SPLIT = re.compile(r"(?<!\d),|,(?!\d)")
_FOOTNOTE = re.compile(r"\s*\((?:\d{1,2}|\*)\s*\)\s*$|\s*\[\d{1,2}\]\s*$|\s*註\s*$")


def read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    return Path(source).read_bytes()


def read_rows(source: Source) -> list[list[str]]:
    """All CSV records (UTF-8, optional BOM); quoted cells may span lines."""
    text = read_bytes(source).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def header_rows(source: Source, first_header_cell: str) -> list[dict[str, str]]:
    """Records as dicts, skipping any preamble before the header row (CosIng exports
    carry 3–5 title lines before '"Reference Number",…'). Blank records are dropped."""
    rows = read_rows(source)
    for index, row in enumerate(rows):
        if row and row[0].strip().lstrip("\ufeff") == first_header_cell:
            header = [cell.strip() for cell in row]
            return [
                dict(zip(header, record + [""] * (len(header) - len(record)), strict=False))
                for record in rows[index + 1 :]
                if any(cell.strip() for cell in record)
            ]
    raise ValueError(f"no header row starting with {first_header_cell!r}")


def cas_numbers(cell: str) -> tuple[str, ...]:
    """Every CAS number in a cell ('65-85-0/\\n532-32-1', '…[1]/ …[2]', '95576-89-9 +
    95576-92-4'), in order, without duplicates."""
    return tuple(dict.fromkeys(CAS_RE.findall(clean(cell))))


def split_names(cell: str) -> tuple[str, ...]:
    """Multi-value name cells: 'Benzoic acid/\\nSodium benzoate', one name a line, or
    'A / B'. Footnote marks such as '(1)', '[2]' or '註' are dropped."""
    text = clean(cell)
    parts = (_FOOTNOTE.sub("", p).strip(" /;") for p in _NAME_SPLIT.split(text))
    return tuple(dict.fromkeys(p for p in parts if p and p not in {"-", "‐", "˗", "NA"}))


def split_inci(cell: str) -> tuple[str, ...]:
    """CosIng glossary names: 'BENZOIC ACID; SODIUM BENZOATE', 'A / B', 'A, B'."""
    parts = (_FOOTNOTE.sub("", p).strip(" ,.") for p in _INCI_SPLIT.split(clean(cell)))
    return tuple(dict.fromkeys(p for p in parts if p and p not in {"-", "NA"}))


def split_listed(cell: str) -> tuple[str, ...]:
    """CosIng 'Identified INGREDIENTS' cells: comma-separated, often with empty items
    (',,MERCURIC OXIDE,'); a comma between digits belongs to a name ('2,4-…')."""
    parts: list[str] = []
    for part in (p.strip() for p in _LISTED_SPLIT.split(clean(cell).replace("\n", ","))):
        if parts and re.fullmatch(r"[A-Za-z]{1,2}", parts[-1]) and part:
            parts[-1] = f"{parts[-1]},{part}"  # 'N,N'-BIS(…)' is one name
        else:
            parts.append(part)
    return tuple(dict.fromkeys(p for p in parts if p and p not in {"-", "NA"}))


def entry_number(cell: str) -> str:
    """'12 a' → '12a': the number as the list prints it, without inner spaces."""
    return re.sub(r"\s+", "", clean(cell))


def join_text(*parts: str) -> str:
    return "\n".join(p for p in (clean(x) for x in parts) if p)
