// The Safety Assessor: the pending queue (every organisation where the user is an SA) and
// the review page (comments, alert notes, final assessment, request revision, sign; each
// action with a fresh TOTP code checked by the server).

import { api } from "./api.js";
import { h, clear, field, fmtDate } from "./dom.js";
import { code as codeText, getLang, pick, serverMessage, t } from "./i18n.js";
import { act, ctx, flash, link, navigate, statusBadge, switchOrg, totpInput } from "./main.js";
import { alertList } from "./builder.js";
import { confidenceClass } from "./formula.js";

// A low-confidence mark of the queue ({where, confidence}) as text.
const lowConfidenceText = (mark) => `${mark.where} (${mark.confidence.toFixed(2)})`;

// One line under a sign blocker: an alert by rule and item (its text is in the alert list
// below), an item by number and status, anything else as the server sends it.
function blockerDetail(d) {
  if (d.rule) return `${d.rule} · ${t("item", { n: d.item })}${getLang() === "en" && d.message ? ` · ${d.message}` : ""}`;
  if (d.item !== undefined && d.status) return `${t("item", { n: d.item })} · ${codeText("st_", d.status)}`;
  return Object.values(d).join(" · ");
}

// An alert's SA note: the server sends {note, author_id, at} or null; the text is edited.
const noteText = (alert) => (alert.note ? alert.note.note : "");

export async function renderQueue() {
  const pending = await api.get("/sa/pending", { query: { all_organizations: true } });
  const err = h("div", { "aria-live": "polite" });
  return h("section", {}, h("h1", {}, t("sa_queue")), err,
    pending.length ? h("table", { class: "table", id: "sa-queue" },
      h("thead", {}, h("tr", {}, [t("product_name"), t("organisation"), t("requested_at"), t("lowest_confidence"), ""].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, pending.map((p) => h("tr", { dataset: { reviewId: p.review_id } },
        h("td", {}, p.product_name), h("td", {}, p.org_name), h("td", {}, fmtDate(p.requested_at)),
        h("td", { class: `conf ${confidenceClass(p.lowest_confidence)}` }, p.lowest_confidence === null ? "—" : p.lowest_confidence.toFixed(2),
          (p.low_confidence || []).length ? h("div", { class: "small" }, p.low_confidence.map(lowConfidenceText).join("; ")) : null),
        h("td", {}, h("button", { type: "button", class: "primary open-review", onclick: (e) => act(e.target, async () => {
          if (ctx.me && ctx.me.org_id !== p.org_id) await switchOrg(p.org_id);
          navigate(`/app/sa/reviews/${p.review_id}`);
        }, err) }, t("view_review"))))))) : h("p", {}, t("no_pending")));
}

export async function renderReview(reviewId) {
  const r = await api.get(`/sa/reviews/${reviewId}`);
  const isSa = ctx.me && ctx.me.role === "sa";
  const pendingReview = r.status === "pending";
  const err = h("div", { "aria-live": "assertive", id: "review-error" });
  const reload = () => navigate(window.location.pathname, { replace: true });
  const section = h("section", { class: "review" },
    h("p", { class: "crumbs" }, link("/app/sa", t("sa_queue")), " › ", link(`/app/products/${r.product_id}`, r.product_name)),
    h("h1", {}, `${t("review")} · ${r.product_name}`),
    h("div", { class: "summary-bar" },
      h("span", {}, `${t("status")}: `, h("span", { class: "badge", id: "review-status" }, codeText("rv_", r.status))),
      h("span", {}, "PIF: ", statusBadge(r.pif_status, "pif_")),
      h("span", { class: "small" }, `${t("content_hash")}: `, h("code", { class: "hash" }, (r.current_content_hash || "").slice(0, 16) + "…")),
      link(`/app/products/${r.product_id}/items/3`, t("formula")), link(`/app/products/${r.product_id}/items/10`, t("safety")),
      link(`/app/products/${r.product_id}/versions`, t("versions"))));

  if (r.signed) {
    section.append(h("div", { class: "banner banner-ok", id: "signed-banner" }, h("strong", {}, t("signed_done", { label: r.signed.label })),
      h("dl", { class: "meta small" }, h("dt", {}, t("signed_at")), h("dd", {}, fmtDate(r.signed.signed_at)),
        h("dt", {}, t("method")), h("dd", {}, r.signed.signature_method || ""),
        h("dt", {}, t("certificate")), h("dd", {}, r.signed.certificate_ref || ""),
        h("dt", {}, t("hash")), h("dd", {}, h("code", { class: "hash" }, r.signed.signature_hash)))));
  } else if (pendingReview) {
    const blockers = r.sign_blockers || [];
    section.append(blockers.length ? h("div", { class: "banner banner-warn", id: "sign-blockers" }, h("strong", {}, t("sign_blockers")),
      h("ul", {}, blockers.map((b) => h("li", { "data-code": b.code }, serverMessage(b.code, b.message),
        (b.details || []).length ? h("ul", { class: "small" }, b.details.slice(0, 10).map((d) => h("li", {}, blockerDetail(d)))) : null))))
      : h("p", { class: "banner banner-ok", id: "can-sign" }, t("can_sign")));
  }

  // items
  section.append(h("div", { class: "card" }, h("h2", {}, t("items")), h("table", { class: "table small", id: "review-items" },
    h("thead", {}, h("tr", {}, [t("item_no"), t("item_title"), t("status"), t("confidence"), t("na_justification")].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, (r.items || []).map((i) => h("tr", {},
      h("td", { class: "num" }, String(i.number)), h("td", {}, pick(i, "title")), h("td", {}, statusBadge(i.status)),
      h("td", { class: `conf ${confidenceClass(i.ai_confidence)}` }, i.ai_confidence === null || i.ai_confidence === undefined ? "—" : i.ai_confidence.toFixed(2)),
      h("td", {}, i.not_applicable_justification || "")))))));

  // alerts with notes
  const noteInputs = {};
  const alertsCard = h("div", { class: "card", id: "review-alerts" }, h("h2", {}, t("alerts")));
  if ((r.alerts || []).length) {
    for (const a of r.alerts) {
      const note = h("textarea", { rows: 2, id: `note-${a.key.replace(/[^a-zA-Z0-9_-]/g, "_")}`, disabled: !isSa || !pendingReview, dataset: { key: a.key } }, noteText(a));
      noteInputs[a.key] = note;
      alertsCard.append(h("div", { class: "alert-with-note" }, alertList([a], true), field(t("alert_note"), note)));
    }
  } else alertsCard.append(h("p", {}, t("no_alerts")));
  section.append(alertsCard);

  // comments
  const comments = h("div", { class: "card", id: "review-comments" }, h("h2", {}, t("comments")),
    (r.comments || []).length ? h("ul", {}, r.comments.map((c) => h("li", {},
      c.item_number ? h("strong", {}, `${t("item", { n: c.item_number })}: `) : null, c.text,
      c.created_at ? h("span", { class: "muted small" }, ` · ${fmtDate(c.created_at)}`) : null))) : h("p", { class: "muted" }, t("none")));
  section.append(comments);

  if (!isSa || !pendingReview) return section;

  // the SA's form
  const commentItem = h("select", { id: "comment-item" }, h("option", { value: "" }, "—"),
    Array.from({ length: 16 }, (_, i) => h("option", { value: String(i + 1) }, t("item", { n: i + 1 }))));
  const commentText = h("textarea", { id: "comment-text", rows: 2 });
  const finalText = h("textarea", { id: "final-assessment", rows: 6 }, r.sa_final_assessment || r.ai_draft_assessment || "");
  const code = totpInput("totp-code");
  const revisionItems = h("fieldset", { class: "checks", id: "revision-items" }, h("legend", {}, t("revision_items")),
    Array.from({ length: 16 }, (_, i) => {
      const id = `rev-item-${i + 1}`;
      return h("span", { class: "check" }, h("input", { type: "checkbox", id, value: String(i + 1) }), h("label", { for: id }, String(i + 1)));
    }));
  const codeValue = () => code.value.trim();
  const notes = () => {
    const out = {};
    for (const [key, el] of Object.entries(noteInputs)) if (el.value.trim()) out[key] = el.value.trim();
    return out;
  };
  const newComments = () => (commentText.value.trim() ? [{ item_number: commentItem.value ? Number(commentItem.value) : null, text: commentText.value.trim() }] : []);

  const form = h("form", { class: "card sa-form", id: "sa-form" },
    h("h2", {}, t("review")),
    h("div", { class: "row" }, field(t("comment_item"), commentItem), field(t("comment"), commentText)),
    field(t("final_assessment"), finalText),
    field(t("totp_code"), code, t("totp_hint")),
    err,
    h("div", { class: "row buttons" },
      h("button", { type: "button", id: "save-review", onclick: (e) => act(e.target, async () => {
        await api.put(`/sa/reviews/${reviewId}`, { json: { totp_code: codeValue(), comments: newComments(), alert_notes: notes(), sa_final_assessment: finalText.value.trim() || null } });
        flash(t("saved"));
        reload();
      }, err) }, t("save_review")),
      h("button", { type: "submit", class: "primary", id: "sign" }, t("sign"))),
    h("details", { class: "revision" }, h("summary", {}, t("request_revision")), revisionItems,
      h("button", { type: "button", id: "request-revision", class: "danger", onclick: (e) => act(e.target, async () => {
        const items = [...revisionItems.querySelectorAll("input:checked")].map((x) => Number(x.value));
        await api.post(`/sa/reviews/${reviewId}/revision`, { json: { totp_code: codeValue(), items, comment: commentText.value.trim(),
          item_comments: newComments().filter((c) => c.item_number) } });
        flash(t("revision_requested"));
        reload();
      }, err) }, t("request_revision"))));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    act(form.querySelector("#sign"), async () => {
      const body = { totp_code: codeValue(), content_hash: r.current_content_hash };
      if (finalText.value.trim()) body.sa_final_assessment = finalText.value.trim();
      const pendingNotes = notes();
      const unsavedNotes = Object.entries(pendingNotes).some(([k, v]) => noteText(r.alerts.find((a) => a.key === k) || {}) !== v);
      if (unsavedNotes || newComments().length) {
        throw new Error(getLang() === "en" ? "Save the review (notes and comments) first, with its own code." : "請先儲存審查意見(註記與意見),再以新的驗證碼簽署。");
      }
      const signed = await api.post(`/sa/reviews/${reviewId}/sign`, { json: body });
      flash(t("signed_done", { label: signed.signed ? signed.signed.label : "" }));
      reload();
    }, err);
  });
  section.append(form);
  return section;
}
