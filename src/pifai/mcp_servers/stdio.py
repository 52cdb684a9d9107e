"""Running one MCP server on stdio. Standard output *is* the protocol: every log line goes
to standard error, and the shipped data is loaded before the first request so the first
tool call does not pay for it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver import MCPServer

from pifai.core.logging import configure_logging
from pifai.ingredients.dictionary import load_dictionary
from pifai.regulatory.reference import shipped_index
from pifai.toxicology.hazards import load_hazards


def warm_up() -> None:
    load_dictionary()
    shipped_index()
    load_hazards()


def run_stdio(build: Callable[[], MCPServer[Any]], *, log_level: str = "WARNING") -> None:
    configure_logging(log_level, json_output=True)  # to stderr, before the SDK configures
    logging.captureWarnings(True)
    warm_up()
    build().run("stdio")
