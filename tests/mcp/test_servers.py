"""Each MCP server as a client sees it: started as a subprocess (`pifai mcp tfda|echa`),
connected over stdio with the SDK's client, tools listed and one called."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from mcp import ClientSession, StdioServerParameters, stdio_client

ROOT = Path(__file__).resolve().parents[2]
STARTUP_AND_CALL_SECONDS = 90  # a hung server fails the test instead of hanging CI


def _server_env(tmp_path: Path) -> dict[str, str]:
    """The SDK passes only a safe minimum of the environment: add ours (and PYTHONPATH, so
    the server runs the code under test)."""
    env = {"PIFAI_DATA_DIR": str(tmp_path), "PIFAI_LOG_LEVEL": "ERROR"}
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


async def _session_call(
    server: str, tmp_path: Path, tool: str, arguments: dict[str, Any]
) -> tuple[str, list[str], Any, bool]:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "pifai.cli.main", "mcp", server],
        env=_server_env(tmp_path),
        cwd=ROOT,
    )
    async with (
        asyncio.timeout(STARTUP_AND_CALL_SECONDS),
        stdio_client(params) as (read, write),
        ClientSession(read, write) as session,
    ):
        init = await session.initialize()
        tools = await session.list_tools()
        result = await session.call_tool(tool, arguments)
    return (
        init.server_info.name,
        [t.name for t in tools.tools],
        result.structured_content,
        result.is_error,
    )


async def test_tfda_server_over_stdio_answers_formaldehyde_with_its_citation(
    tmp_path: Path,
) -> None:
    name, tools, answer, is_error = await _session_call(
        "tfda", tmp_path, "tfda_regulatory_status", {"name_or_cas": "50-00-0"}
    )

    assert name == "pifai-tfda"
    assert tools == ["tfda_regulatory_status", "substance_lookup", "check_formula"]
    assert is_error is False
    assert answer["found"] is True and answer["tfda_status"] == ["prohibited"]
    (entry,) = answer["tfda_entries"]
    assert entry["citation"]["list"] == "化粧品禁止使用成分表"
    assert entry["citation"]["entry"] == "34"
    assert entry["citation"]["version"].startswith("TFDA open data")


async def test_echa_server_over_stdio_classifies_formaldehyde_carc_1b(tmp_path: Path) -> None:
    name, tools, answer, is_error = await _session_call(
        "echa", tmp_path, "clp_classification", {"cas_or_name": "50-00-0"}
    )

    assert name == "pifai-echa"
    assert tools == ["clp_classification", "eu_annex_status"]
    assert is_error is False
    (entry,) = answer["classifications"]
    assert "Carc. 1B" in entry["classes"] and "H350" in entry["h_codes"]
    assert entry["cmr"]["carcinogenicity"] == "1B" and entry["cmr_1ab"] is True
    assert entry["citation"] == "CLP Annex VI index 605-001-00-5 (ATP20)"
    assert answer["version"] == "ATP20"
