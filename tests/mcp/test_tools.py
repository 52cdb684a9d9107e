"""The tools' answers, in process: cited, versioned, and "not found" instead of a guess."""

from __future__ import annotations

from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from pifai.mcp_servers import echa, tfda


async def _call(server: MCPServer[Any], tool: str, **arguments: Any) -> Any:
    result = await server.call_tool(tool, arguments)
    assert result.is_error is False, result.content  # type: ignore[union-attr]
    return result.structured_content  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def tfda_server() -> MCPServer[Any]:
    return tfda.build_server()


@pytest.fixture(scope="module")
def echa_server() -> MCPServer[Any]:
    return echa.build_server()


@pytest.mark.parametrize("query", ["Formaldehyde", "甲醛", "50-00-0"])
async def test_formaldehyde_is_prohibited_in_taiwan_by_name_chinese_name_or_cas(
    tfda_server: MCPServer[Any], query: str
) -> None:
    answer = await _call(tfda_server, "tfda_regulatory_status", name_or_cas=query)

    assert answer["substance"]["inci"] == "FORMALDEHYDE"
    assert answer["tfda_status"] == ["prohibited"]
    assert answer["tfda_entries"][0]["entry_id"] == "TFDA:prohibited:34"
    assert {s["authority"] for s in answer["sources"]} == {"TFDA", "EU"}


async def test_hydroquinone_is_on_no_tfda_list_and_the_eu_annexes_are_shown(
    tfda_server: MCPServer[Any],
) -> None:
    answer = await _call(tfda_server, "tfda_regulatory_status", name_or_cas="123-31-9")

    assert answer["tfda_status"] == ["not_listed"] and "EU Annexes" in answer["note"]
    by_id = {e["entry_id"]: e for e in answer["eu_entries"]}
    assert set(by_id) == {"EU:II:1339", "EU:III:14"}
    assert by_id["EU:II:1339"]["exceptions"] == ["EU:III:14"]
    assert all(e["citation"]["version"].startswith("CosIng export") for e in answer["eu_entries"])


async def test_with_a_product_type_and_amount_the_engine_gives_the_verdict(
    tfda_server: MCPServer[Any],
) -> None:
    answer = await _call(
        tfda_server,
        "tfda_regulatory_status",
        name_or_cas="Salicylic acid",
        product_type="face_cream",
        concentration_pct=3,
        function="preservative",
    )

    assessment = answer["assessment"]
    assert (assessment["verdict"], assessment["blocking"]) == ("over_limit", True)
    tfda_limits = {
        f["citation"]["entry"]: f["allowed_pct"]
        for f in assessment["findings"]
        if f["authority"] == "TFDA"
    }
    assert tfda_limits == {"41": 0.5, "178": 2.0}


async def test_an_unknown_substance_is_not_found_never_guessed(tfda_server: MCPServer[Any]) -> None:
    answer = await _call(tfda_server, "tfda_regulatory_status", name_or_cas="Zzqqxx Blorbate")

    assert answer["found"] is False
    assert "Nothing is guessed" in answer["message"]
    assert "tfda_entries" not in answer


async def test_an_unknown_product_type_is_a_tool_error(tfda_server: MCPServer[Any]) -> None:
    from mcp.server.mcpserver.exceptions import ToolError

    with pytest.raises(ToolError, match="known types"):
        await tfda_server.call_tool(
            "tfda_regulatory_status", {"name_or_cas": "Glycerin", "product_type": "spaceship"}
        )


async def test_substance_lookup_maps_a_chinese_name_to_inci_cas_and_functions(
    tfda_server: MCPServer[Any],
) -> None:
    answer = await _call(tfda_server, "substance_lookup", query="甘油")

    substance = answer["substance"]
    assert (substance["inci"], substance["cas_numbers"]) == ("GLYCERIN", ["56-81-5"])
    assert "HUMECTANT" in substance["functions"]
    assert substance["match"]["method"] == "chinese" and substance["match"]["trusted"] is True


async def test_check_formula_reports_a_prohibited_trace_as_blocking(
    tfda_server: MCPServer[Any],
) -> None:
    rows = [{"name": "Aqua", "amount": 99.9999}, {"name": "Estradiol", "amount": 0.0001}]

    answer = await _call(tfda_server, "check_formula", rows=rows, product_type="face_cream")

    assert answer["blocking"] is True
    verdicts = {i["inci"]: i["verdict"] for i in answer["ingredients"]}
    assert verdicts["ESTRADIOL"] == "prohibited"


async def test_clp_classification_of_hydroquinone_by_name(echa_server: MCPServer[Any]) -> None:
    answer = await _call(echa_server, "clp_classification", cas_or_name="Hydroquinone")

    (entry,) = answer["classifications"]
    assert entry["index_no"] == "604-005-00-4"
    assert entry["cmr"] == {
        "carcinogenicity": "2",
        "mutagenicity": "2",
        "reproductive_toxicity": None,
    }
    assert entry["cmr_1ab"] is False and "cmr_2" in entry["flags"]


async def test_an_identified_substance_without_annex_vi_entry_is_not_harmonised(
    echa_server: MCPServer[Any],
) -> None:
    answer = await _call(echa_server, "clp_classification", cas_or_name="Glycerin")

    assert (answer["found"], answer["harmonised"], answer["classifications"]) == (True, False, [])
    assert "not a statement that the substance is not hazardous" in answer["message"]


async def test_clp_of_an_unknown_name_is_not_found(echa_server: MCPServer[Any]) -> None:
    answer = await _call(echa_server, "clp_classification", cas_or_name="Zzqqxx Blorbate")

    assert answer["found"] is False and "Nothing is guessed" in answer["message"]


async def test_eu_annex_status_names_the_annexes(echa_server: MCPServer[Any]) -> None:
    answer = await _call(echa_server, "eu_annex_status", name_or_cas="Salicylic acid")

    assert answer["annexes"] == ["III", "V"]
    by_annex = {e["annex"]: e for e in answer["entries"]}
    assert by_annex["V"]["citation"]["entry"] == "V/3"
    assert by_annex["V"]["limits"][0]["max_pct"] == 0.5
