"""``pifai``: one entry point, one small module per command group."""

from __future__ import annotations

import typer
from pydantic import ValidationError

from pifai.cli import (
    admin_cmd,
    assess_cmd,
    audit_cmd,
    basis_cmd,
    build_cmd,
    bundle_cmd,
    check_cmd,
    db_cmd,
    demo_cmd,
    lists_cmd,
    mcp_cmd,
    rag_cmd,
    serve_cmd,
    worker_cmd,
)
from pifai.core.config import get_settings

app = typer.Typer(
    name="pifai",
    help="PIF AI — cosmetic Product Information Files (Taiwan Cosmetic Hygiene and Safety Act).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _settings_must_load() -> None:
    """Refuse to start on bad configuration with the reason, not a stack trace."""
    try:
        get_settings()
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"]) or "settings"
            message = str(error["msg"]).removeprefix("Value error, ")
            typer.echo(f"configuration error ({field}): {message}", err=True)
        raise typer.Exit(2) from None


app.command("serve")(serve_cmd.serve)
app.command("migrate")(serve_cmd.migrate)
app.command("demo")(demo_cmd.demo)
app.command("check")(check_cmd.check)
app.command("assess")(assess_cmd.assess)
app.command("build")(build_cmd.build)
app.command("export")(bundle_cmd.export)
app.command("import")(bundle_cmd.import_)
app.command("basis")(basis_cmd.basis)
app.command("worker")(worker_cmd.worker)
app.add_typer(admin_cmd.app, name="admin")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(db_cmd.app, name="db")
app.add_typer(lists_cmd.app, name="lists")
app.add_typer(mcp_cmd.app, name="mcp")
app.add_typer(rag_cmd.app, name="rag")

if __name__ == "__main__":
    app()
