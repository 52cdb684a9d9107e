// Item 3 (the formula table: raw text beside normalised INCI/CAS, confidence, verdict with
// citation, file problems; correct rows, re-check, save) and item 10 (the safety table).

import { api } from "./api.js";
import { append, h, clear, fmtNum } from "./dom.js";
import { code, t } from "./i18n.js";
import { act, flash, link, navigate, statusBadge, typeName } from "./main.js";
import { alertList, uploadForm, uploadItemFile } from "./builder.js";

export function confidenceClass(c) {
  if (c === null || c === undefined) return "conf-none";
  if (c >= 0.8) return "conf-high";
  if (c >= 0.5) return "conf-mid";
  return "conf-low";
}

function rowsOf(ing) {
  const rows = (ing.sources || []).map((s) => s.location && s.location.row).filter((r) => r !== undefined && r !== null);
  return rows.length ? rows.join(", ") : "—";
}

function verdictCell(ing) {
  const cls = ing.blocking ? "verdict-blocking" : ing.verdict === "compliant" ? "verdict-ok" : "verdict-review";
  return h("td", { class: `verdict ${cls}` },
    h("span", { class: "badge", title: ing.verdict }, code("v_", ing.verdict)),
    (ing.findings || []).map((f) => h("div", { class: "finding" }, f.message,
      f.citation ? h("div", { class: "citation small" }, f.citation.label || f.citation.entry || "") : null)),
    (ing.review_notes || []).map((n) => h("div", { class: "muted small" }, typeof n === "string" ? n : JSON.stringify(n))));
}

export function formulaTable(report, id = "formula-table") {
  const ings = report.ingredients || [];
  return h("table", { class: "table formula", id },
    h("caption", { class: "visually-hidden" }, t("formula")),
    h("thead", {}, h("tr", {}, ["row", "raw_text", "inci", "cas", "pct", "function", "confidence", "verdict"].map((k) =>
      h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, ings.map((ing) => {
      const conf = ing.match ? ing.match.confidence : null;
      const raws = [...new Set((ing.sources || []).map((s) => s.raw_material).filter(Boolean))];
      return h("tr", { class: ing.blocking ? "row-blocking" : "", dataset: { inci: ing.inci || ing.name, verdict: ing.verdict } },
        h("td", { class: "num" }, rowsOf(ing)),
        h("td", { class: "raw" }, raws.length ? raws.join(" + ") : ing.name),
        h("td", {}, ing.inci || h("em", {}, "?")),
        h("td", { class: ing.cas_valid === false || ing.cas_conflict ? "cas-bad" : "" }, (ing.cas || []).join(", ") || ing.cas_given || "—",
          ing.cas_conflict ? h("div", { class: "small" }, `≠ ${ing.cas_given}`) : null),
        h("td", { class: "num" }, ing.amount ? ing.amount.text : fmtNum(ing.judged_pct)),
        h("td", {}, ing.function || ""),
        h("td", { class: `conf ${confidenceClass(conf)}`, title: ing.match ? ing.match.explanation : "" },
          conf === null ? "—" : conf.toFixed(2), ing.match ? h("div", { class: "small" }, ing.match.method) : null),
        verdictCell(ing));
    })));
}

function problemsList(report) {
  const problems = report.problems || [];
  if (!problems.length) return null;
  return h("div", { class: "card", id: "row-errors" }, h("h2", {}, t("row_errors")),
    h("ul", { class: "alerts" }, problems.map((p) => h("li", { class: `alert sev-${p.severity === "error" ? "error" : "warning"}` },
      h("strong", {}, p.where || (p.location ? `${p.location.file}, ${t("row")} ${p.location.row}` : "")), " ",
      p.field ? h("code", {}, p.field) : null, " ", p.message))));
}

function summaryLine(report) {
  const s = report.summary || {};
  const total = s.total_pct ? (s.total_pct.low === s.total_pct.high ? fmtNum(s.total_pct.low, 5) : `${fmtNum(s.total_pct.low, 5)}–${fmtNum(s.total_pct.high, 5)}`) : "—";
  return h("p", { class: "summary-bar", id: "formula-summary" },
    h("span", {}, `${t("total")}: ${total} %`),
    h("span", {}, `${s.ingredients ?? (report.ingredients || []).length} INCI`),
    h("span", { class: report.blocking ? "sev-text-blocking" : "" }, `${t("blocking")}: ${s.blocking_ingredients ?? 0}`),
    h("span", {}, Object.entries(s.verdicts || {}).map(([k, v]) => `${code("v_", k)} ${v}`).join(" · ")));
}

// Rows of the file as read (one per source row), for correction.
function editableRows(report) {
  const rows = [];
  for (const ing of report.ingredients || []) {
    const sources = ing.sources && ing.sources.length ? ing.sources : [{ raw_material: ing.name, amount: ing.amount }];
    for (const s of sources) {
      rows.push({
        row: s.location ? s.location.row : 9999,
        name: s.raw_material || ing.name,
        cas: sources.length === 1 ? (ing.cas_given || (ing.cas || [])[0] || "") : "",
        amount: s.amount ? s.amount.text : (ing.amount ? ing.amount.text : ""),
        function: ing.function || "",
      });
    }
  }
  rows.sort((a, b) => a.row - b.row);
  return rows;
}

function csvCell(v) {
  const s = String(v ?? "");
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export async function renderFormula(productId) {
  const [product, item] = await Promise.all([api.get(`/products/${productId}`), api.get(`/products/${productId}/pif/3`)]);
  const report = item.data && item.data.formula;
  const err = h("div", { "aria-live": "polite" });
  const reload = () => navigate(window.location.pathname, { replace: true });
  const section = h("section", {},
    h("p", { class: "crumbs" }, link("/app/products", t("products")), " › ", link(`/app/products/${productId}`, product.name), " › ", t("item", { n: 3 })),
    h("h1", {}, `${t("formula")} · ${product.name}`),
    h("p", {}, `${t("product_type")}: ${typeName(product.product_type)} · ${t("status")}: `, statusBadge(item.status),
      item.ai_confidence !== null && item.ai_confidence !== undefined ? [` · ${t("confidence")}: `,
        h("span", { class: `conf ${confidenceClass(item.ai_confidence)}` }, item.ai_confidence.toFixed(2))] : null),
    h("div", { class: "card" }, uploadForm(productId, 3, err, reload)), err);
  if (!report) {
    section.append(h("p", {}, t("no_formula")));
    return section;
  }
  append(section, [summaryLine(report), problemsList(report), h("div", { class: "table-wrap" }, formulaTable(report))]);

  const lint = await api.get(`/products/${productId}/cross-item-lint`).catch(() => null);
  const mine = lint ? lint.alerts.filter((a) => a.target_item === 3) : [];
  if (mine.length) section.append(h("div", { class: "card" }, h("h2", {}, t("alerts")), alertList(mine, false)));

  // correction
  const rows = editableRows(report);
  const editBody = h("tbody");
  const result = h("div", { id: "recheck-result", "aria-live": "polite" });
  const drawRows = () => {
    clear(editBody);
    rows.forEach((r, i) => {
      const input = (key, label, cls) => {
        const el = h("input", { type: "text", value: r[key], class: cls, "aria-label": `${label} (${t("row")} ${i + 1})`, dataset: { key } });
        el.addEventListener("input", () => { r[key] = el.value; });
        return h("td", {}, el);
      };
      editBody.append(h("tr", { dataset: { name: r.name } },
        h("td", { class: "num" }, String(i + 1)), input("name", t("raw_text"), "wide"), input("cas", t("cas")),
        input("amount", t("pct"), "narrow"), input("function", t("function")),
        h("td", {}, h("button", { type: "button", class: "remove-row", "aria-label": `${t("remove")} ${r.name}`,
          onclick: () => { rows.splice(i, 1); drawRows(); } }, t("remove")))));
    });
  };
  drawRows();
  const checkRows = () => rows.filter((r) => r.name.trim()).map((r) => ({
    name: r.name.trim(), amount: r.amount.trim() || null, cas: r.cas.trim() || null, function: r.function.trim() || null }));
  const editErr = h("div", { "aria-live": "polite" });
  const progress = h("div", { class: "task-progress", "aria-live": "polite" });
  const editor = h("details", { class: "card", id: "formula-editor" }, h("summary", {}, h("strong", {}, t("edit_rows"))),
    h("div", { class: "table-wrap" }, h("table", { class: "table edit" },
      h("thead", {}, h("tr", {}, ["#", t("raw_text"), t("cas"), t("pct"), t("function"), ""].map((x) => h("th", { scope: "col" }, x)))),
      editBody)),
    h("div", { class: "row" },
      h("button", { type: "button", onclick: () => { rows.push({ row: 9999, name: "", cas: "", amount: "", function: "" }); drawRows(); } }, t("add_row")),
      h("button", { type: "button", id: "recheck", onclick: (e) => act(e.target, async () => {
        const res = await api.post("/ingredients/check-formula", { json: { product_type: product.product_type || "face_cream", rows: checkRows() } });
        append(clear(result), [h("h3", {}, t("recheck_result")), summaryLine(res), problemsList(res), h("div", { class: "table-wrap" }, formulaTable(res, "recheck-table"))]);
      }, editErr) }, t("recheck")),
      h("button", { type: "button", class: "primary", id: "save-formula", onclick: (e) => act(e.target, async () => {
        const lines = ["INCI,CAS,%,Function", ...checkRows().map((r) => [r.name, r.cas, r.amount, r.function].map(csvCell).join(","))];
        const blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv" });
        await uploadItemFile(productId, 3, blob, progress, "formula-corrected.csv");
        flash(t("saved"));
        reload();
      }, editErr) }, t("save_formula"))),
    progress, editErr, result);
  section.append(editor);
  return section;
}

export async function renderSafety(productId) {
  const [product, item] = await Promise.all([api.get(`/products/${productId}`), api.get(`/products/${productId}/pif/10`)]);
  const data = item.data;
  const section = h("section", {},
    h("p", { class: "crumbs" }, link("/app/products", t("products")), " › ", link(`/app/products/${productId}`, product.name), " › ", t("item", { n: 10 })),
    h("h1", {}, `${t("safety")} · ${product.name}`));
  if (!data || data.kind !== "toxicology") {
    section.append(h("p", {}, t("no_safety")));
    return section;
  }
  const ex = data.exposure || {};
  append(section, [h("div", { class: "summary-bar" },
    h("span", {}, t("product_verdict"), ": ", h("span", { class: `badge ${data.blocking ? "verdict-blocking" : ""}` }, code("v_", data.verdict))),
    h("span", {}, `${t("exposure_class")}: ${ex.exposure_class || "—"} · E = ${fmtNum(ex.e_product_mg_kg_bw_d)} mg/kg bw/d`),
    h("span", {}, `MoS ≥ ${data.mos_threshold}`),
    h("span", {}, Object.entries(data.summary || {}).map(([k, v]) => `${code("v_", k)} ${v}`).join(" · "))),
  ex.citation ? h("p", { class: "muted small" }, `${t("citation")}: ${ex.citation}`) : null]);

  const tbody = h("tbody");
  (data.ingredients || []).forEach((ing, i) => {
    const detailId = `basis-${i}`;
    const toggle = h("button", { type: "button", class: "link-button expand", "aria-expanded": "false", "aria-controls": detailId }, "▸ " + t("basis"));
    const detail = h("tr", { id: detailId, class: "basis-row", hidden: true },
      h("td", { colspan: 9 }, h("div", { class: "basis" },
        h("ol", {}, (ing.reasons || []).map((r) => h("li", {}, r))),
        ing.noael ? h("p", {}, h("strong", {}, "NOAEL: "), `${fmtNum(ing.noael.mg_kg_bw_d)} mg/kg bw/d — ${ing.noael.source || ""}`) : null,
        ing.dap ? h("p", {}, h("strong", {}, "DAp: "), `${ing.dap.pct} % — ${ing.dap.basis || ""} (${ing.dap.citation || ""})`) : null,
        ing.ttc ? h("p", {}, h("strong", {}, "TTC: "), JSON.stringify(ing.ttc)) : null,
        (ing.gates || []).length ? h("p", {}, h("strong", {}, "Gates: "), ing.gates.map((g) => (typeof g === "string" ? g : g.reason || g.gate || JSON.stringify(g))).join("; ")) : null,
        (ing.hazard_codes || []).length ? h("p", {}, h("strong", {}, "CLP: "), ing.hazard_codes.join(", ")) : null,
        (ing.review || []).length ? h("ul", {}, ing.review.map((r) => h("li", { class: "sev-warning" }, typeof r === "string" ? r : JSON.stringify(r)))) : null)));
    toggle.addEventListener("click", () => {
      const open = detail.hidden;
      detail.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = (open ? "▾ " : "▸ ") + t("basis");
    });
    const vcls = ing.blocking ? "verdict-blocking" : ing.verdict === "acceptable" ? "verdict-ok" : "verdict-review";
    tbody.append(h("tr", { dataset: { inci: ing.inci || ing.name } },
      h("td", {}, ing.inci || ing.name), h("td", { class: "num" }, fmtNum(ing.concentration_pct, 4)),
      h("td", {}, ing.exposure_class || ex.exposure_class || "—"), h("td", { class: "num" }, ing.dap ? String(ing.dap.pct) : "—"),
      h("td", {}, ing.basis || ing.method || "—"), h("td", { class: "num" }, fmtNum(ing.sed_mg_kg_bw_d, 4)),
      h("td", { class: "num" }, ing.mos === null || ing.mos === undefined ? "—" : fmtNum(ing.mos, 4)),
      h("td", { class: `verdict ${vcls}` }, h("span", { class: "badge", title: ing.verdict }, code("v_", ing.verdict))),
      h("td", {}, toggle)), detail);
  });
  section.append(h("div", { class: "table-wrap" }, h("table", { class: "table safety", id: "safety-table" },
    h("thead", {}, h("tr", {}, [t("inci"), t("pct"), t("exposure_class"), t("dap"), t("noael_basis"), t("sed"), t("mos"), t("verdict"), ""].map((x) =>
      h("th", { scope: "col" }, x)))), tbody)));
  if ((data.review_list || []).length) {
    section.append(h("details", { class: "card" }, h("summary", {}, `${t("reasons")} (${data.review_list.length})`),
      h("ul", {}, data.review_list.map((r) => h("li", {}, h("strong", {}, r.ingredient), ` — ${r.verdict}: ${r.reason}`)))));
  }
  return section;
}
