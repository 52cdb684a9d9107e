"""``pifai lists``: the regulatory lists in force, and importing new official versions."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from pifai.core.config import get_settings
from pifai.core.database import Database
from pifai.migrations.runner import migrate
from pifai.regulatory import repository as repo
from pifai.regulatory.diff import ListDiff
from pifai.regulatory.imports import IMPORT_KINDS, ImportFailed, import_list
from pifai.regulatory.shipped import load_shipped

app = typer.Typer(help="Regulatory reference lists (TFDA, EU Annexes II–VI).", no_args_is_help=True)
KINDS = ", ".join(IMPORT_KINDS)


def _print_diff(changes: ListDiff, limit: int = 20) -> None:
    typer.echo(
        f"added {len(changes.added)}, removed {len(changes.removed)}, "
        f"changed {len(changes.changed)}"
    )
    for entry in changes.added[:limit]:
        typer.echo(f"  + {entry.entry_id}  {entry.names[0] if entry.names else ''}")
    for entry in changes.removed[:limit]:
        typer.echo(f"  - {entry.entry_id}  {entry.names[0] if entry.names else ''}")
    for change in changes.changed[:limit]:
        typer.echo(f"  ~ {change.entry_id}  ({', '.join(change.fields)})")


async def _import(
    kind: str, file: Path, data: bytes, version: str, dry_run: bool, allow_shrink: bool = False
) -> None:
    settings = get_settings()
    settings.ensure_data_dir()
    await migrate(settings)
    db = Database(settings.resolved_database_url, pool_size=1)
    try:
        async with db.session() as session:
            outcome = await import_list(
                session,
                kind,
                data,
                filename=file.name,
                version=version,
                dry_run=dry_run,
                allow_shrink=allow_shrink or dry_run,
            )
    finally:
        await db.dispose()
    verb = "would import" if dry_run else "imported"
    typer.echo(f"{verb} {outcome.entries} entries for {kind}")
    _print_diff(outcome.changes)


@app.command("import")
def import_cmd(
    kind: Annotated[str, typer.Argument(help=f"One of: {KINDS}")],
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The official file")],
    version: Annotated[str, typer.Option(help="Version label (default: from the file)")] = "",
    allow_shrink: Annotated[
        bool, typer.Option(help="Accept a file that removes over 10 % of the entries in force")
    ] = False,
) -> None:
    """Import an official list file as the new version in force (audited)."""
    try:
        asyncio.run(
            _import(
                kind, file, file.read_bytes(), version, dry_run=False, allow_shrink=allow_shrink
            )
        )
    except ImportFailed as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


@app.command("diff")
def diff_cmd(
    kind: Annotated[str, typer.Argument(help=f"One of: {KINDS}")],
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
) -> None:
    """What importing this file would change, without importing it."""
    try:
        asyncio.run(_import(kind, file, file.read_bytes(), "", dry_run=True))
    except ImportFailed as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


async def _status() -> list[tuple[str, str, int, str]]:
    settings = get_settings()
    counts: dict[tuple[str, str], tuple[int, str]] = {}
    for entry in load_shipped():
        key = (entry.authority.value, entry.list_type.value)
        version = entry.citation.version if entry.citation else "?"
        count, _ = counts.get(key, (0, version))
        counts[key] = (count + 1, f"shipped: {version}")
    if (settings.data_dir / "pifai.db").exists() or settings.is_postgres:
        db = Database(settings.resolved_database_url, pool_size=1)
        try:
            async with db.session() as session:
                for d in await repo.latest_datasets(session):
                    imported = f"imported {d.imported_at:%Y-%m-%d}: {d.version}"
                    counts[(d.authority, d.list_type)] = (d.entry_count, imported)
        finally:
            await db.dispose()
    return [(a, t, n, v) for (a, t), (n, v) in sorted(counts.items())]


@app.command("status")
def status_cmd() -> None:
    """Each list in force: authority, list, entries, and where it comes from."""
    for authority, list_type, count, version in asyncio.run(_status()):
        typer.echo(f"{authority:5} {list_type:13} {count:5}  {version}")
