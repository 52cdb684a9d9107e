"""``pifai mcp tfda|echa``: the MCP servers on stdio (SPEC §16), for Claude Desktop or any
MCP client. Nothing but the protocol is written to standard output."""

from __future__ import annotations

from typing import Annotated

import typer

from pifai.mcp_servers import echa, tfda
from pifai.mcp_servers.stdio import run_stdio

app = typer.Typer(help="MCP servers over stdio (regulatory and classification look-ups).")

LogLevel = Annotated[str, typer.Option("--log-level", help="Log level (to stderr)")]


@app.command("tfda")
def tfda_cmd(log_level: LogLevel = "WARNING") -> None:
    """TFDA lists: regulatory status, substance look-up, formula check."""
    run_stdio(tfda.build_server, log_level=log_level)


@app.command("echa")
def echa_cmd(log_level: LogLevel = "WARNING") -> None:
    """EU: CLP Annex VI classification and cosmetic Annexes II-VI."""
    run_stdio(echa.build_server, log_level=log_level)
