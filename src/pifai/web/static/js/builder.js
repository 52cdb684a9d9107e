// The PIF builder of one product: 16 items by number or by lifecycle stage, each with its
// status, who typically provides it, its form or upload, its alerts; the change banner,
// expiring documents, submission to the SA, the PDF and the versions.

import { api, filenameFrom, pollTask } from "./api.js";
import { h, clear, field, fmtDate, saveBlob } from "./dom.js";
import { getLang, pick, t } from "./i18n.js";
import { ITEM_FORMS, itemForm } from "./itemforms.js";
import { act, ctx, errorBox, flash, itemsDone, link, navigate, statusBadge, typeName } from "./main.js";

const STAGES = ["pre_launch", "development", "manufacturing", "post_launch", "signing"];

// Simple forms for the items people fill by hand (fields: docs/pif-items.md); items 6 and
// 11–15 have structured forms (itemforms.js). Every item is also editable as JSON (the
// "advanced" editor); the server validates all of them the same way.
const FORMS = {
  1: [["name_zh", "text"], ["name_en", "text"], ["category", "text"], ["dosage_form", "text"],
    ["intended_use", "textarea"], ["manufacturer_name", "text"], ["manufacturer_address", "text"],
    ["registration_id", "text"], ["launch_date", "date"]],
  2: [["registration_id", "text"], ["registered_on", "date"], ["last_updated_on", "date"],
    ["source", "select", ["", "tfda_platform_record", "platform_screenshot", "other"]], ["note", "textarea"]],
  4: [["label_text", "textarea"]],
  5: [["certificate_type", "select", ["", "iso_22716", "tw_cosmetic_gmp"]], ["certificate_number", "text"],
    ["issuer", "text"], ["site_name", "text"], ["site_address", "text"], ["issue_date", "date"], ["expiry_date", "date"]],
  7: [["method", "textarea"], ["body_area", "text"], ["amount", "text"], ["frequency", "text"], ["target_population", "text"]],
  8: [["statement_of_none", "textarea"], ["statement_date", "date"]],
  16: [["assessment_text", "textarea"], ["conclusion", "select", ["", "safe", "safe_with_conditions", "not_safe"]],
    ["assessor_name", "text"], ["sa_certificate_expires", "date"]],
};

// Field labels (both languages) for the simple forms.
const LABELS = {
  name_zh: ["中文品名", "Name (Chinese)"], name_en: ["英文品名", "Name (English)"], category: ["類別", "Category"],
  dosage_form: ["劑型", "Dosage form"], intended_use: ["用途", "Intended use"],
  manufacturer_name: ["製造業者名稱", "Manufacturer name"], manufacturer_address: ["製造業者地址", "Manufacturer address"],
  registration_id: ["登錄字號", "Registration id"], launch_date: ["上市日期", "Launch date"],
  registered_on: ["登錄日期", "Registered on"], last_updated_on: ["最近更新日期", "Last updated on"],
  source: ["來源", "Source"], note: ["備註", "Note"], label_text: ["標籤文字", "Label text"],
  certificate_type: ["證明類型", "Certificate type"], certificate_number: ["證書字號", "Certificate number"],
  issuer: ["核發單位", "Issuer"], site_name: ["工廠名稱", "Site name"], site_address: ["工廠地址", "Site address"],
  issue_date: ["核發日期", "Issue date"], expiry_date: ["有效期限", "Expiry date"],
  method: ["使用方法", "Method"], body_area: ["使用部位", "Body area"], amount: ["用量", "Amount"],
  frequency: ["頻率", "Frequency"], target_population: ["使用族群", "Target population"],
  statement_of_none: ["無不良反應聲明", "Statement of none"], statement_date: ["聲明日期", "Statement date"],
  assessment_text: ["安全評估內容", "Assessment text"], conclusion: ["結論", "Conclusion"],
  assessor_name: ["安全評估人員姓名", "Assessor name"], sa_certificate_expires: ["資格到期日", "SA certificate expires"],
};

// JSON starting points for the structured items (the user edits real values in).
const TEMPLATES = {
  6: { steps: [{ description: "", temperature_c: null, duration_min: null, equipment: "", qc_points: "" }] },
  11: { report_date: "", laboratory: "", result: "pass", conditions: [{ study: "accelerated", temperature_c: 45, duration_days: 90 }], parameters: ["appearance", "ph"] },
  12: { report_date: "", laboratory: "", result: "pass", results: [{ organism: "escherichia_coli", detected: false }] },
  13: { report_date: "", laboratory: "", result: "pass", method: "iso_11930", criteria: "A" },
  14: { claims: [{ text: "", evidence: [{ kind: "literature", title: "", reference: "" }] }] },
  15: { components: [{ name: "", material: "pp", direct_contact: true }] },
};

function label(key) {
  const pair = LABELS[key];
  return pair ? (getLang() === "en" ? pair[1] : pair[0]) : key;
}

export async function renderBuilder(productId) {
  const view = new URLSearchParams(window.location.search).get("view") === "stage" ? "stage" : "item";
  const [product, overview, resp, lint, change, expiring, reviews, workflow] = await Promise.all([
    api.get(`/products/${productId}`),
    api.get(`/products/${productId}/pif`),
    api.get(`/products/${productId}/pif-responsibilities`),
    api.get(`/products/${productId}/cross-item-lint`),
    api.get(`/products/${productId}/pif-versions/change-detection`),
    api.get(`/products/${productId}/pif-versions/expiring`),
    api.get(`/products/${productId}/sa-reviews`),
    api.get(`/products/${productId}/pif-workflow`),
  ]);
  const providers = new Map(resp.items.map((r) => [r.item_number, r]));
  const alertsByItem = new Map();
  for (const a of lint.alerts) {
    if (!alertsByItem.has(a.target_item)) alertsByItem.set(a.target_item, []);
    alertsByItem.get(a.target_item).push(a);
  }
  const done = itemsDone(overview.items);

  const section = h("section", { class: "builder" });
  section.append(
    h("p", { class: "crumbs" }, link("/app/products", t("products")), " › ", product.name),
    h("h1", {}, `${product.name}`, product.name_en ? h("span", { class: "muted" }, ` ${product.name_en}`) : null),
    h("div", { class: "summary-bar" },
      h("span", {}, `${t("product_type")}: ${typeName(product.product_type)}`),
      h("span", {}, t("status"), ": ", statusBadge(overview.pif_status, "pif_")),
      h("span", { id: "progress-summary" }, h("progress", { max: 16, value: done, "aria-label": t("progress") }), " ",
        t("progress_of", { done })),
      change.current_version ? h("span", {}, `${t("current_version")}: ${change.current_version.label}`
        + (change.current_version.sequence > 1 ? ` #${change.current_version.sequence}` : "")) : null,
      link(`/app/products/${productId}/versions`, t("versions"))),
  );

  if (change.needs_resign) {
    const err = h("div");
    const cur = change.current_version ? change.current_version.label : "";
    section.append(h("div", { class: "banner banner-warn", role: "status", id: "change-banner" },
      h("strong", {}, t("change_banner", { v: cur })),
      h("ul", {}, change.reasons.map((r) => h("li", {}, typeof r === "string" ? r : (pick(r, "message") || r.reason || r.fingerprint || JSON.stringify(r))))),
      h("button", { type: "button", class: "primary", onclick: (e) => act(e.target, async () => {
        const res = await api.post(`/products/${productId}/pif-versions/auto-draft`);
        flash(t("draft_created", { label: (res && res.label) || change.suggested_next.label }));
        navigate(`/app/products/${productId}/versions`);
      }, err) }, t("create_draft", { label: change.suggested_next.label })), err));
  }

  // alerts
  const alertBox = h("div", { class: "card", id: "alerts" }, h("h2", {}, t("alerts"),
    h("span", { class: "counts" }, ` ${lint.counts.blocking} ${t("severity_blocking")} · ${lint.counts.error} ${t("severity_error")} · ${lint.counts.warning} ${t("severity_warning")}`)));
  alertBox.append(lint.alerts.length ? alertList(lint.alerts, true) : h("p", {}, t("no_alerts")));

  // expiring
  const expBox = h("div", { class: "card", id: "expiring" }, h("h2", {}, t("expiring")));
  expBox.append(expiring.documents.length ? h("table", { class: "table small" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("item_no")), h("th", { scope: "col" }, t("details")),
      h("th", { scope: "col" }, t("due_date")), h("th", { scope: "col" }, t("days_left")))),
    h("tbody", {}, expiring.documents.map((d) => h("tr", { class: `exp-${d.state}` },
      h("td", {}, String(d.item_number)), h("td", {}, `${t("doc_" + d.kind)} · ${d.reference}`),
      h("td", {}, d.due_date), h("td", {}, h("span", { class: `badge exp-badge-${d.state}` }, `${d.days_left} · ${t("exp_" + d.state)}`))))))
    : h("p", {}, t("no_expiring")));

  // workflow
  const wf = h("ol", { class: "workflow", "aria-label": t("workflow") }, workflow.steps.map((s) =>
    h("li", { class: `wf-${s.state}` + (s.number === workflow.current_step ? " wf-current" : "") },
      h("span", {}, pick(s, "title")), h("small", {}, ` ${s.done}/${s.total}`))));

  // actions: submit, PDF
  const actionErr = h("div", { "aria-live": "polite" });
  const pdfProgress = h("div", { class: "task-progress", "aria-live": "polite" });
  const pdfLang = h("select", { id: "pdf-lang" }, h("option", { value: "zh" }, "繁體中文"), h("option", { value: "en" }, "English"));
  pdfLang.value = getLang() === "en" ? "en" : "zh";
  const pending = reviews.find((r) => r.status === "pending");
  const actions = h("div", { class: "card actions", id: "actions" },
    h("button", { type: "button", class: "primary", id: "submit-sa", disabled: Boolean(pending), onclick: (e) => act(e.target, async () => {
      await api.post(`/products/${productId}/sa-review`);
      flash(t("submitted"));
      navigate(window.location.pathname + window.location.search, { replace: true });
    }, actionErr) }, pending ? t("pif_sa_review") : t("submit_sa")),
    field(t("pdf_lang"), pdfLang),
    h("button", { type: "button", id: "generate-pdf", onclick: (e) => act(e.target, async () => {
      const lang = pdfLang.value;
      const res = await api.post(`/products/${productId}/pif/generate`, { query: { lang } });
      await pollTask(res.location, (task) => showProgress(pdfProgress, t("rendering"), task));
      const response = await api.get(`/products/${productId}/pif/download`, { query: { lang }, raw: true });
      saveBlob(await response.blob(), filenameFrom(response, `pif_${lang}.pdf`));
      clear(pdfProgress);
    }, actionErr) }, t("generate_pdf")),
    pdfProgress, actionErr,
    reviews.length ? h("details", { class: "reviews" }, h("summary", {}, `${t("reviews")} (${reviews.length})`),
      h("ul", {}, reviews.map((r) => h("li", {}, statusLabel(r.status), " · ", fmtDate(r.requested_at),
        (r.comments || []).length ? h("ul", {}, r.comments.map((c) => h("li", {}, c.item_number ? t("item", { n: c.item_number }) + ": " : "", c.text))) : null,
        ctx.me && ctx.me.role === "sa" && r.status === "pending" ? [" ", link(`/app/sa/reviews/${r.id}`, t("view_review"))] : null)))) : null);

  // view switch
  const switcher = h("div", { class: "view-switch", role: "group", "aria-label": t("builder") },
    viewButton("item", view, productId), viewButton("stage", view, productId));

  const itemsBox = h("div", { class: "items", id: "items" });
  const panel = (item) => itemPanel(productId, item, providers.get(item.number), alertsByItem.get(item.number) || []);
  if (view === "stage") {
    for (const stage of STAGES) {
      const inStage = overview.items.filter((i) => i.stage === stage);
      itemsBox.append(h("section", { class: "stage", "aria-labelledby": `stage-${stage}` },
        h("h3", { id: `stage-${stage}` }, t("stage_" + stage), h("small", {}, ` ${itemsDone(inStage)}/${inStage.length}`)),
        inStage.map(panel)));
    }
  } else {
    itemsBox.append(...overview.items.map(panel));
  }

  section.append(h("div", { class: "grid" },
    h("div", { class: "col-main" }, h("h2", {}, t("builder")), switcher, itemsBox),
    h("aside", { class: "col-side" }, actions, alertBox, expBox, h("div", { class: "card" }, h("h2", {}, t("workflow")), wf))));
  return section;
}

function statusLabel(status) {
  const map = { pending: t("pif_sa_review"), signed: t("pif_completed"), revision_requested: t("revision_requested") };
  return map[status] || status;
}

function viewButton(kind, current, productId) {
  const href = `/app/products/${productId}` + (kind === "stage" ? "?view=stage" : "");
  return h("a", { href, "data-link": true, class: "tab" + (kind === current ? " active" : ""),
    "aria-current": kind === current ? "page" : null, id: `view-${kind}` }, t(kind === "stage" ? "by_stage" : "by_item"));
}

export function showProgress(target, text, task) {
  clear(target).append(h("label", {}, `${text} ${task.progress ?? 0}%`,
    h("progress", { max: 100, value: task.progress ?? 0 })));
}

export function alertList(alerts, showItem) {
  return h("ul", { class: "alerts" }, alerts.map((a) => h("li", { class: `alert sev-${a.severity}`, dataset: { rule: a.rule } },
    h("span", { class: `badge sev-badge-${a.severity}` }, t("severity_" + a.severity)), " ",
    h("strong", {}, a.rule), showItem && a.target_item ? ` · ${t("item", { n: a.target_item })}` : "", " ",
    h("span", {}, pick(a, "message")),
    a.article || a.penalty ? h("details", { class: "penalty" }, h("summary", {}, `${t("article")} / ${t("penalty")}`),
      a.article ? h("p", {}, `${t("article")}: ${a.article}`) : null,
      a.penalty ? (typeof a.penalty === "string" ? h("p", {}, a.penalty) :
        h("div", {}, h("p", {}, `${t("penalty")}: ${a.penalty.article || ""}`), h("p", {}, a.penalty.text || ""),
          a.penalty.citation ? h("p", { class: "muted small" }, a.penalty.citation) : null)) : null,
      (a.evidence || []).length ? h("ul", { class: "small" }, a.evidence.map((e) => h("li", {}, String(e)))) : null) : null)));
}

function itemPanel(productId, item, provider, alerts) {
  const worst = alerts.some((a) => a.severity === "blocking") ? "blocking" : alerts.some((a) => a.severity === "error") ? "error" : alerts.length ? "warning" : "";
  const body = h("div", { class: "item-body" });
  const details = h("details", { class: "item", id: `item-${item.number}`, dataset: { status: item.status } },
    h("summary", {},
      h("span", { class: "num" }, String(item.number)),
      h("span", { class: "title" }, pick(item, "title")),
      statusBadge(item.status),
      item.not_applicable ? h("span", { class: "badge" }, t("not_applicable")) : null,
      provider ? h("span", { class: "provider muted" }, pick(provider, "provider")) : null,
      alerts.length ? h("span", { class: `badge sev-badge-${worst}` }, `${t("alerts")} ${alerts.length}`) : null),
    body);
  let loaded = false;
  details.addEventListener("toggle", () => {
    if (!details.open || loaded) return;
    loaded = true;
    body.append(h("p", { class: "loading" }, t("loading")));
    itemBody(productId, item, provider, alerts).then((content) => clear(body).append(content))
      .catch((err) => clear(body).append(errorBox(err)));
  });
  return details;
}

async function itemBody(productId, summary, provider, alerts) {
  const n = summary.number;
  const item = await api.get(`/products/${productId}/pif/${n}`);
  const out = h("div");
  const err = h("div", { "aria-live": "polite" });
  const reload = () => navigate(window.location.pathname + window.location.search, { replace: true });
  if (provider) {
    out.append(h("dl", { class: "meta" },
      h("dt", {}, t("provider")), h("dd", {}, pick(provider, "provider")),
      h("dt", {}, t("source")), h("dd", {}, pick(provider, "source")),
      h("dt", {}, t("outsourced")), h("dd", {}, provider.outsourced ? t("yes") : t("no"))));
  }
  if (alerts.length) out.append(alertList(alerts, false));

  if (n === 3) {
    out.append(h("p", {}, link(`/app/products/${productId}/items/3`, t("open_formula"))));
  } else if (n === 9 || n === 10) {
    out.append(h("p", { class: "muted" }, t("engine_item")),
      h("p", {}, link(`/app/products/${productId}/items/10`, t("open_safety"))));
  } else {
    const data = item.data || {};
    if (FORMS[n]) out.append(simpleForm(productId, n, data, err, reload));
    else if (ITEM_FORMS[n]) {
      out.append(itemForm(n, data, async (payload) => {
        await api.put(`/products/${productId}/pif/${n}`, { json: { data: payload } });
        flash(t("saved"));
        reload();
      }, err));
    }
    out.append(jsonEditor(productId, n, data, err, reload, !FORMS[n] && !ITEM_FORMS[n]));
    out.append(uploadForm(productId, n, err, reload));
  }

  // not applicable
  const na = h("input", { type: "checkbox", id: `na-${n}`, checked: item.not_applicable });
  const naText = h("textarea", { id: `na-text-${n}`, rows: 2 }, item.not_applicable_justification || "");
  const naForm = h("form", { class: "na" },
    h("div", { class: "check" }, na, h("label", { for: `na-${n}` }, t("not_applicable"))),
    field(t("na_justification"), naText), h("button", { type: "submit" }, t("save")));
  naForm.addEventListener("submit", (e) => {
    e.preventDefault();
    act(naForm.querySelector("button"), async () => {
      await api.put(`/products/${productId}/pif/${n}`, { json: { not_applicable: na.checked, not_applicable_justification: naText.value.trim() || null } });
      flash(t("saved"));
      reload();
    }, err);
  });
  out.append(h("details", { class: "na-box", open: item.not_applicable }, h("summary", {}, t("not_applicable")), naForm));

  // status transitions allowed by the server
  const next = item.allowed_next_statuses || [];
  if (next.length) {
    out.append(h("div", { class: "status-actions" }, h("span", {}, `${t("set_status")}: `),
      next.map((s) => h("button", { type: "button", class: s === "human_reviewed" ? "primary" : "",
        id: `status-${n}-${s}`, onclick: (e) => act(e.target, async () => {
          await api.put(`/products/${productId}/pif/${n}`, { json: { status: s } });
          flash(t("saved"));
          reload();
        }, err) }, s === "human_reviewed" ? t("mark_reviewed") : t("to_status", { s: t("st_" + s) })))));
  }
  out.append(err);
  return out;
}

function simpleForm(productId, n, data, err, reload) {
  const controls = {};
  const rows = FORMS[n].map(([key, kind, options]) => {
    let control;
    const id = `f${n}-${key}`;
    if (kind === "textarea") control = h("textarea", { id, name: key, rows: 3 }, data[key] ?? "");
    else if (kind === "select") {
      control = h("select", { id, name: key }, options.map((o) => h("option", { value: o }, o || "—")));
      control.value = data[key] ?? "";
    } else control = h("input", { id, name: key, type: kind === "date" ? "date" : "text", value: data[key] ?? "" });
    controls[key] = control;
    return field(label(key), control);
  });
  const form = h("form", { class: "item-form", id: `form-${n}` }, h("div", { class: "row wrap" }, rows),
    h("button", { type: "submit", class: "primary" }, t("save")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    act(form.querySelector("button[type=submit]"), async () => {
      const payload = { ...data };
      for (const [key, control] of Object.entries(controls)) {
        const v = control.value.trim();
        if (v) payload[key] = v;
        else delete payload[key];
      }
      await api.put(`/products/${productId}/pif/${n}`, { json: { data: payload } });
      flash(t("saved"));
      reload();
    }, err);
  });
  return form;
}

function jsonEditor(productId, n, data, err, reload, open) {
  const start = Object.keys(data).length ? data : (TEMPLATES[n] || {});
  const area = h("textarea", { id: `json-${n}`, class: "code", rows: 10, spellcheck: "false" }, JSON.stringify(start, null, 2));
  const form = h("form", { class: "json-form" }, field(t("json_data"), area, t("json_hint")),
    h("button", { type: "submit", id: `json-save-${n}` }, t("save")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    act(form.querySelector("button"), async () => {
      let parsed;
      try { parsed = JSON.parse(area.value); } catch (ex) { throw new Error(`JSON: ${ex.message}`); }
      await api.put(`/products/${productId}/pif/${n}`, { json: { data: parsed } });
      flash(t("saved"));
      reload();
    }, err);
  });
  return h("details", { class: "json-box", open }, h("summary", {}, t("json_data")), form);
}

export function uploadForm(productId, n, err, after) {
  const file = h("input", { type: "file", id: `upload-${n}`, name: "file", required: true });
  const progress = h("div", { class: "task-progress", "aria-live": "polite" });
  const form = h("form", { class: "upload-form" }, field(n === 3 ? t("formula_upload_hint") : t("upload_file"), file),
    h("button", { type: "submit", id: `upload-submit-${n}` }, t("upload")), progress);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    act(form.querySelector("button"), async () => {
      if (!file.files.length) return;
      await uploadItemFile(productId, n, file.files[0], progress);
      after();
    }, err);
  });
  return form;
}

// Uploads a document to an item; for item 3 follows the analysis and the chained assessment.
export async function uploadItemFile(productId, n, blob, progress, filename) {
  const form = new FormData();
  form.append("item_number", String(n));
  form.append("file", blob, filename || blob.name || "upload");
  clear(progress).append(h("p", {}, t("uploading")));
  const res = await api.post(`/products/${productId}/pif/upload`, { form });
  if (res && res.location) {
    const task = await pollTask(res.location, (tk) => showProgress(progress, t("analysing"), tk));
    const chained = task.result && task.result.toxicology_task_id;
    if (chained) await pollTask(`/tasks/${chained}`, (tk) => showProgress(progress, `${t("safety")}:`, tk));
  }
  clear(progress);
}

// ---- versions -------------------------------------------------------------------------

export async function renderVersions(productId) {
  const [product, versions, change] = await Promise.all([
    api.get(`/products/${productId}`),
    api.get(`/products/${productId}/pif-versions`),
    api.get(`/products/${productId}/pif-versions/change-detection`),
  ]);
  const err = h("div", { "aria-live": "polite" });
  const progress = h("div", { class: "task-progress", "aria-live": "polite" });
  const rows = versions.map((v) => {
    const s = v.signature;
    const label = `${v.label}${v.sequence > 1 || v.label === "V3" ? " #" + v.sequence : ""}`;
    return h("tr", { dataset: { versionId: v.id } },
      h("th", { scope: "row" }, label),
      h("td", {}, v.locked ? t("locked") : t("unlocked"), h("div", { class: "muted small" }, fmtDate(v.created_at))),
      h("td", {}, s ? h("dl", { class: "meta small" },
        h("dt", {}, t("signed_at")), h("dd", {}, fmtDate(s.signed_at)),
        h("dt", {}, t("signed_by")), h("dd", {}, s.signed_by || "—"),
        h("dt", {}, t("method")), h("dd", {}, s.method || "—"),
        h("dt", {}, t("certificate")), h("dd", {}, s.certificate_ref || "—"),
        h("dt", {}, t("hash")), h("dd", {}, h("code", { class: "hash" }, s.signature_hash || "—"))) : "—"),
      h("td", {}, ["zh", "en"].map((lang) => h("button", { type: "button", class: "pdf-download", dataset: { lang },
        onclick: (e) => act(e.target, () => downloadVersionPdf(productId, v.id, lang, progress), err) },
      `${t("download_pdf")} (${lang === "zh" ? "中文" : "EN"})`))));
  });
  return h("section", {},
    h("p", { class: "crumbs" }, link("/app/products", t("products")), " › ", link(`/app/products/${productId}`, product.name), " › ", t("versions")),
    h("h1", {}, `${t("versions")} · ${product.name}`),
    change.needs_resign ? h("p", { class: "banner banner-warn" }, t("change_banner", { v: change.current_version ? change.current_version.label : "" })) : null,
    progress, err,
    versions.length ? h("table", { class: "table", id: "versions-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("version")), h("th", { scope: "col" }, t("status")),
        h("th", { scope: "col" }, t("signature")), h("th", { scope: "col" }, "PDF"))),
      h("tbody", {}, rows)) : h("p", {}, t("no_versions")));
}

async function downloadVersionPdf(productId, versionId, lang, progress) {
  const path = `/products/${productId}/pif-versions/${versionId}/regulatory-pdf`;
  let response = await api.get(path, { query: { lang }, raw: true });
  if (response.status === 202) {
    const body = await response.json();
    await pollTask(body.location, (task) => showProgress(progress, t("rendering"), task));
    response = await api.get(path, { query: { lang }, raw: true });
  }
  clear(progress);
  saveBlob(await response.blob(), filenameFrom(response, `pif_${lang}.pdf`));
}
