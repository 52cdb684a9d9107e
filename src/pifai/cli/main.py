"""``pifai``: one entry point, one small module per command group."""

from __future__ import annotations

import typer

from pifai.cli import audit_cmd, db_cmd, demo_cmd, serve_cmd

app = typer.Typer(
    name="pifai",
    help="PIF AI — cosmetic Product Information Files (Taiwan Cosmetic Hygiene and Safety Act).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.command("serve")(serve_cmd.serve)
app.command("migrate")(serve_cmd.migrate)
app.command("demo")(demo_cmd.demo)
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(db_cmd.app, name="db")

if __name__ == "__main__":
    app()
