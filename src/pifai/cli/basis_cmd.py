"""``pifai basis``: every constant the safety assessment uses, with its alternatives,
why it was chosen and where it comes from (SPEC §10 basis register)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pifai.toxicology.basis import register


def basis(
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Print the basis register of the safety assessment."""
    entries = register()
    if output == "json":
        rows = [
            {
                "key": e.key,
                "value": e.value,
                "unit": e.unit,
                "why": e.why,
                "citation": e.citation,
                "grade": e.grade,
                "alternatives": [
                    {"value": a.value, "unit": a.unit, "label": a.label, "citation": a.citation}
                    for a in e.alternatives
                ],
            }
            for e in entries
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if output != "table":
        raise typer.BadParameter("use table or json", param_hint="--format")
    table = Table(title=f"Basis register — {len(entries)} constants")
    for column in ("Key", "Value", "Unit", "Why / alternatives", "Citation (grade)"):
        table.add_column(column, overflow="fold")
    for e in entries:
        alternatives = "; ".join(f"{a.label}: {a.value:g} {a.unit}" for a in e.alternatives)
        why = f"{e.why} [alt: {alternatives}]" if alternatives else e.why
        table.add_row(e.key, f"{e.value:g}", e.unit, why, f"{e.citation} ({e.grade})")
    Console().print(table)
