// Structured forms for items 6 and 11–15: one small renderer driven by a field description
// per item that mirrors the Pydantic models (src/pifai/pif/item_data/, docs/pif-items.md).
// Scalars become labelled controls, nested objects fieldsets, lists repeatable row groups
// with add/remove buttons. Keys the form does not show (file_ids …) are kept as loaded.
// A 422 from the server is shown next to the field it names (body.data.<path>).

import { ApiError } from "./api.js";
import { h, clear, nextId } from "./dom.js";
import { DICTIONARIES, getLang, t } from "./i18n.js";

// ---- field descriptions ---------------------------------------------------------------
// {k: key, type, req, opts, fields, min, max, start, def, hint}
// types: text textarea number int date select bool tri (yes/no/unknown) lines (list of
// texts, one per line) multi (list of enum values) group (optional object) rows (list).

const OUTCOME = ["pass", "fail"];
const UNIT = ["mg/kg", "mg/L", "µg/g", "µg/L", "mg/dm²", "µg/dm²", "ppm", "ppb", "%", "CFU/g", "CFU/mL"];
const MATERIAL = ["pet", "petg", "pp", "pe", "hdpe", "ldpe", "ps", "san", "abs", "pmma", "pvc", "other_plastic",
  "glass", "aluminium", "tinplate", "stainless_steel", "other_metal", "silicone", "rubber", "paper", "ceramic", "other"];
const STUDY = ["accelerated", "long_term", "freeze_thaw", "light", "transport", "other"];
const PARAMETER = ["appearance", "colour", "odour", "ph", "viscosity", "separation", "weight_loss", "microbial",
  "packaging_compatibility", "other"];
const ORGANISM = ["total_aerobic_count", "yeast_and_mould", "escherichia_coli", "staphylococcus_aureus",
  "pseudomonas_aeruginosa", "candida_albicans"];
const EVIDENCE = ["clinical_study", "consumer_test", "in_vitro", "instrumental", "literature", "supplier_data", "other"];
const ANALYTE = ["heavy_metal", "plasticiser", "overall_migration", "other"];

const REPORT = [
  { k: "report_date", type: "date", req: true },
  { k: "laboratory", type: "text", req: true },
  { k: "report_number", type: "text" },
  { k: "result", type: "select", opts: OUTCOME, req: true },
];
const LIMIT = { k: "limit", type: "group", hint: "limit_hint", fields: [
  { k: "value", type: "number", min: 0 },
  { k: "unit", type: "select", opts: UNIT },
  { k: "citation", type: "text" },
] };

export const ITEM_FORMS = {
  6: [
    { k: "steps", type: "rows", row: "step", req: true, fields: [
      { k: "description", type: "textarea", req: true },
      { k: "temperature_c", type: "number", min: -40, max: 250 },
      { k: "duration_min", type: "number", min: 0 },
      { k: "equipment", type: "lines" },
      { k: "qc_points", type: "lines" },
    ] },
    { k: "batch_size", type: "text" },
  ],
  11: [
    ...REPORT,
    { k: "conditions", type: "rows", row: "condition", req: true, fields: [
      { k: "study", type: "select", opts: STUDY, req: true },
      { k: "temperature_c", type: "number", min: -40, max: 100, req: true },
      { k: "relative_humidity_pct", type: "number", min: 0, max: 100 },
      { k: "duration_days", type: "number", min: 0, req: true },
      { k: "container_material", type: "select", opts: MATERIAL },
    ] },
    { k: "parameters", type: "multi", opts: PARAMETER, req: true },
    { k: "shelf_life_months", type: "int", min: 1, max: 120 },
    { k: "period_after_opening_months", type: "int", min: 1, max: 120 },
    { k: "patch_test", type: "group", fields: [
      { k: "test_date", type: "date" },
      { k: "laboratory", type: "text" },
      { k: "method", type: "text" },
      { k: "subjects", type: "int", min: 1 },
      { k: "result", type: "select", opts: OUTCOME },
    ] },
  ],
  12: [
    ...REPORT,
    { k: "results", type: "rows", row: "micro_result", req: true, fields: [
      { k: "organism", type: "select", opts: ORGANISM, req: true },
      { k: "count", type: "number", min: 0 },
      { k: "unit", type: "select", opts: UNIT },
      { k: "detected", type: "tri" },
      LIMIT,
      { k: "outcome", type: "select", opts: OUTCOME },
    ] },
  ],
  13: [
    ...REPORT,
    { k: "method", type: "select", opts: ["iso_11930", "other"], req: true },
    { k: "method_detail", type: "text" },
    { k: "criteria", type: "select", opts: ["A", "B", "not_met"] },
    { k: "organisms", type: "lines" },
  ],
  14: [
    { k: "claims", type: "rows", row: "claim", req: true, fields: [
      { k: "text", type: "textarea", req: true },
      { k: "evidence", type: "rows", row: "evidence", start: 1, fields: [
        { k: "kind", type: "select", opts: EVIDENCE, req: true },
        { k: "title", type: "text", req: true },
        { k: "reference", type: "textarea" },
        { k: "date", type: "date" },
      ] },
    ] },
  ],
  15: [
    { k: "components", type: "rows", row: "component", req: true, fields: [
      { k: "name", type: "text", req: true },
      { k: "material", type: "select", opts: MATERIAL, req: true },
      { k: "material_detail", type: "text" },
      { k: "direct_contact", type: "bool", def: true },
      { k: "supplier", type: "text" },
      { k: "results", type: "rows", row: "migration", fields: [
        { k: "analyte", type: "text", req: true },
        { k: "kind", type: "select", opts: ANALYTE, req: true },
        { k: "value", type: "number", min: 0, req: true },
        { k: "unit", type: "select", opts: UNIT, req: true },
        LIMIT,
        { k: "outcome", type: "select", opts: OUTCOME },
        { k: "laboratory", type: "text" },
        { k: "report_date", type: "date" },
      ] },
    ] },
  ],
};

// ---- renderer -------------------------------------------------------------------------

function optLabel(value) {
  const dict = DICTIONARIES[getLang()];
  return dict["opt_" + value] ?? value;
}

function fieldLabel(spec) {
  return t("fl_" + spec.k) + (spec.req ? " *" : "");
}

function empty(v) {
  return v === undefined || v === null || v === "";
}

// A scalar control in its labelled wrapper; read() gives the JSON value or undefined.
function scalar(spec, value) {
  const id = nextId("if");
  let control;
  let read;
  const attrs = { id, name: spec.k, "data-key": spec.k, "aria-required": spec.req ? "true" : null };
  switch (spec.type) {
    case "textarea":
      control = h("textarea", { ...attrs, rows: 2 }, value ?? "");
      read = () => control.value.trim() || undefined;
      break;
    case "lines":
      control = h("textarea", { ...attrs, rows: 2 }, Array.isArray(value) ? value.join("\n") : "");
      read = () => {
        const lines = control.value.split("\n").map((s) => s.trim()).filter(Boolean);
        return lines.length ? lines : undefined;
      };
      break;
    case "number":
    case "int":
      control = h("input", { ...attrs, type: "number", step: spec.type === "int" ? "1" : "any",
        min: spec.min, max: spec.max, inputmode: "decimal", value: empty(value) ? "" : String(value) });
      read = () => (control.value.trim() === "" ? undefined : Number(control.value));
      break;
    case "date":
      control = h("input", { ...attrs, type: "date", value: value ?? "" });
      read = () => control.value || undefined;
      break;
    case "select":
      control = h("select", attrs, h("option", { value: "" }, "—"),
        spec.opts.map((o) => h("option", { value: o }, optLabel(o))));
      control.value = value ?? "";
      read = () => control.value || undefined;
      break;
    case "tri":
      control = h("select", attrs, h("option", { value: "" }, "—"),
        h("option", { value: "true" }, t("yes")), h("option", { value: "false" }, t("no")));
      control.value = value === true ? "true" : value === false ? "false" : "";
      read = () => (control.value === "" ? undefined : control.value === "true");
      break;
    case "bool": {
      control = h("input", { ...attrs, type: "checkbox", checked: value ?? spec.def ?? false });
      const wrap = h("div", { class: "field check" }, control, h("label", { for: id }, fieldLabel(spec)));
      return { el: wrap, control, read: () => control.checked, locate: () => ({ el: wrap, control }) };
    }
    default:
      control = h("input", { ...attrs, type: "text", value: value ?? "" });
      read = () => control.value.trim() || undefined;
  }
  const hint = spec.type === "lines" ? t("one_per_line") : null;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  const wrap = h("div", { class: "field" }, h("label", { for: id }, fieldLabel(spec)), control,
    hint ? h("small", { id: hintId, class: "hint" }, hint) : null);
  return { el: wrap, control, read, locate: () => ({ el: wrap, control }) };
}

function multi(spec, value) {
  const chosen = new Set(Array.isArray(value) ? value : []);
  const boxes = spec.opts.map((o) => {
    const id = nextId("if");
    const box = h("input", { type: "checkbox", id, name: spec.k, value: o, checked: chosen.has(o) });
    return { box, el: h("span", { class: "check" }, box, h("label", { for: id }, optLabel(o))) };
  });
  const fs = h("fieldset", { class: "checks field-group", "data-key": spec.k },
    h("legend", {}, fieldLabel(spec)), h("div", { class: "row wrap" }, boxes.map((b) => b.el)));
  const read = () => {
    const out = boxes.filter((b) => b.box.checked).map((b) => b.box.value);
    return out.length ? out : undefined;
  };
  return { el: fs, read, locate: () => ({ el: fs, control: boxes[0].box }) };
}

// An object: its fields in order; keys the form does not know are kept from `base`.
function objectNode(fields, base) {
  const src = base && typeof base === "object" ? base : {};
  const children = fields.map((spec) => [spec.k, node(spec, src[spec.k])]);
  return {
    els: children.map(([, c]) => c.el),
    read() {
      const out = { ...src };
      for (const [key, c] of children) {
        const v = c.read();
        if (v === undefined) delete out[key];
        else out[key] = v;
      }
      return out;
    },
    locate(parts) {
      const hit = children.find(([key]) => key === parts[0]);
      return hit ? hit[1].locate(parts.slice(1)) : null;
    },
  };
}

function group(spec, value) {
  const inner = objectNode(spec.fields, value);
  const fs = h("fieldset", { class: "field-group", "data-key": spec.k }, h("legend", {}, t("fl_" + spec.k)),
    spec.hint ? h("p", { class: "hint small" }, t(spec.hint)) : null,
    h("div", { class: "row wrap" }, inner.els));
  return {
    el: fs,
    read() {
      const v = inner.read();
      return Object.keys(v).length ? v : undefined;
    },
    locate(parts) {
      return inner.locate(parts) || { el: fs, control: fs.querySelector("input, select, textarea") };
    },
  };
}

function rows(spec, value) {
  const list = h("div", { class: "form-rows" });
  const items = [];
  const addButton = h("button", { type: "button", class: "add-row", "data-rows": spec.k }, `+ ${t("add_item_row", { what: t("row_" + spec.row) })}`);
  const fs = h("fieldset", { class: "field-group rows-group", "data-key": spec.k },
    h("legend", {}, fieldLabel(spec)), list, addButton);

  const renumber = () => items.forEach((it, i) => {
    const name = `${t("row_" + spec.row)} ${i + 1}`;
    it.legend.textContent = name;
    it.remove.setAttribute("aria-label", t("remove_item_row", { what: name }));
  });
  const addRow = (data) => {
    const inner = objectNode(spec.fields, data);
    const legend = h("legend", {});
    const remove = h("button", { type: "button", class: "remove-row link-button" }, t("remove"));
    const el = h("fieldset", { class: "form-row", "data-row": spec.row }, legend,
      h("div", { class: "row wrap" }, inner.els), h("div", { class: "row-actions" }, remove));
    const it = { el, inner, legend, remove };
    remove.addEventListener("click", () => {
      const at = items.indexOf(it);
      items.splice(at, 1);
      el.remove();
      renumber();
      const next = items[at] || items[at - 1];
      (next ? next.remove : addButton).focus();
    });
    items.push(it);
    list.append(el);
    renumber();
    return it;
  };
  let sent = null;
  const start = Array.isArray(value) && value.length ? value : Array.from({ length: spec.start ?? (spec.req ? 1 : 0) }, () => ({}));
  start.forEach((d) => addRow(d));
  addButton.addEventListener("click", () => {
    const it = addRow({});
    const first = it.el.querySelector("input, select, textarea");
    if (first) first.focus();
  });
  return {
    el: fs,
    // Rows left blank are not sent (an offered evidence row the user did not fill is not an
    // invalid one); `sent` maps the index the server names back to the row on screen.
    read() {
      const filled = items.map((it) => [it, it.inner.read()]).filter(([, v]) => Object.keys(v).length);
      sent = filled.map(([it]) => it);
      const out = filled.map(([, v]) => v);
      return out.length || spec.req ? out : undefined;
    },
    locate(parts) {
      const it = /^\d+$/.test(parts[0] || "") ? (sent || items)[Number(parts[0])] : null;
      if (it) return it.inner.locate(parts.slice(1)) || { el: it.el, control: it.el.querySelector("input, select, textarea") };
      return { el: fs, control: addButton };
    },
  };
}

function node(spec, value) {
  if (spec.type === "rows") return rows(spec, value);
  if (spec.type === "group") return group(spec, value);
  if (spec.type === "multi") return multi(spec, value);
  return scalar(spec, value);
}

// ---- errors ---------------------------------------------------------------------------

function clearErrors(form) {
  form.querySelectorAll(".field-error").forEach((e) => e.remove());
  form.querySelectorAll("[aria-invalid]").forEach((e) => {
    e.removeAttribute("aria-invalid");
    const ids = (e.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !x.startsWith("err-"));
    if (ids.length) e.setAttribute("aria-describedby", ids.join(" "));
    else e.removeAttribute("aria-describedby");
  });
}

// Puts each server detail next to its field; returns the details no field took.
function showFieldErrors(root, form, details) {
  const left = [];
  let first = null;
  for (const d of details) {
    const path = typeof d === "object" && d && typeof d.field === "string" ? d.field : "";
    const m = /^body\.data\.(.+)$/.exec(path);
    const hit = m ? root.locate(m[1].split(".")) : null;
    if (!hit) { left.push(d); continue; }
    const id = nextId("err");
    hit.el.append(h("small", { class: "field-error", id, role: "alert" }, d.message || d.msg || ""));
    if (hit.control) {
      hit.control.setAttribute("aria-invalid", "true");
      const ids = (hit.control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      hit.control.setAttribute("aria-describedby", [...ids, id].join(" "));
      first = first || hit.control;
    }
  }
  if (first) first.focus();
  return left;
}

function topError(err, details) {
  const box = h("div", { class: "msg msg-error", role: "alert" },
    h("strong", {}, `${t("error")}: `), err && err.message ? err.message : String(err));
  if (details && details.length) {
    box.append(h("ul", {}, details.slice(0, 20).map((d) => h("li", {},
      typeof d === "string" ? d : [d.field ? h("code", {}, d.field) : null, d.field ? " " : null, d.message || d.msg || JSON.stringify(d)]))));
  }
  return box;
}

// The form of item n; save(payload) PUTs it and throws the API's error.
export function itemForm(n, data, save, errTarget) {
  const root = objectNode(ITEM_FORMS[n], data);
  const submit = h("button", { type: "submit", class: "primary", id: `form-save-${n}` }, t("save"));
  const top = h("div", { class: "form-errors", "aria-live": "polite" });
  const form = h("form", { class: "item-form structured", id: `form-${n}`, novalidate: true },
    h("p", { class: "hint small" }, t("required_hint")), top, root.els, submit);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    submit.disabled = true;
    clearErrors(form);
    clear(top);
    if (errTarget) clear(errTarget);
    try {
      await save(root.read());
    } catch (err) {
      const details = err instanceof ApiError && Array.isArray(err.details) ? err.details : [];
      const left = err instanceof ApiError && err.status === 422 ? showFieldErrors(root, form, details) : details;
      top.append(topError(err, left));
      if (left.length === details.length) top.scrollIntoView({ block: "nearest" });
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
