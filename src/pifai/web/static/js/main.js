// Entry point: layout, client-side router, sign-up / login / logout, product list, account.

import { api, ApiError, session } from "./api.js";
import { h, clear, field, fmtDate } from "./dom.js";
import { getLang, serverMessage, setLang, t } from "./i18n.js";
import { renderBuilder, renderVersions } from "./builder.js";
import { renderFormula, renderSafety } from "./formula.js";
import { renderQueue, renderReview } from "./sa.js";

export const ctx = { me: null };

const main = () => document.getElementById("main");

// ---- navigation ---------------------------------------------------------------------

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState({}, "", path);
  else history.pushState({}, "", path);
  route();
}

document.addEventListener("click", (event) => {
  const a = event.target.closest && event.target.closest("a[data-link]");
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
  event.preventDefault();
  navigate(a.getAttribute("href"));
});
window.addEventListener("popstate", () => route());
window.addEventListener("pifai:logged-out", () => navigate("/app/login", { replace: true }));

export function link(href, ...children) {
  return h("a", { href, "data-link": true }, ...children);
}

// ---- messages ---------------------------------------------------------------------------

export function flash(message, kind = "ok") {
  const el = document.getElementById("flash");
  clear(el);
  if (!message) return;
  el.append(h("div", { class: `msg msg-${kind}` }, message,
    h("button", { type: "button", class: "link-button", "aria-label": t("close"), onclick: () => clear(el) }, "×")));
}

export function errorBox(err) {
  const box = h("div", { class: "msg msg-error", role: "alert" },
    h("strong", {}, `${t("error")}: `), err instanceof ApiError ? serverMessage(err.code, err.message) : String(err && err.message ? err.message : err));
  if (err instanceof ApiError && Array.isArray(err.details) && err.details.length) {
    box.append(h("ul", {}, err.details.slice(0, 20).map((d) => h("li", {},
      typeof d === "string" ? d : [d.field ? h("code", {}, d.field) : null, d.field ? " " : null,
        d.message || d.msg || JSON.stringify(d)]))));
  }
  return box;
}

// Runs an action from a button: disables it, shows the API's message on failure.
export async function act(button, fn, errorTarget) {
  if (button) button.disabled = true;
  try {
    return await fn();
  } catch (err) {
    if (errorTarget) {
      clear(errorTarget);
      errorTarget.append(errorBox(err));
    } else {
      flash(err instanceof ApiError ? serverMessage(err.code, err.message) : String(err), "error");
    }
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

// ---- layout ---------------------------------------------------------------------------

function renderTop() {
  const top = clear(document.getElementById("top"));
  const langSelect = h("select", { id: "lang-select", "aria-label": t("language") },
    h("option", { value: "zh-Hant" }, "繁體中文"), h("option", { value: "en" }, "English"));
  langSelect.value = getLang();
  langSelect.addEventListener("change", () => { setLang(langSelect.value); route(); });
  const nav = h("nav", { "aria-label": "main" });
  if (session.loggedIn) {
    nav.append(link("/app/products", t("nav_products")), link("/app/sa", t("nav_sa")),
      link("/app/account", t("nav_account")));
  }
  const right = h("div", { class: "top-right" });
  if (ctx.me) {
    right.append(h("span", { class: "who" }, `${ctx.me.email} · ${orgName()} · ${t("role_" + ctx.me.role)}`));
  }
  right.append(h("label", { for: "lang-select", class: "visually-hidden" }, t("language")), langSelect);
  if (session.loggedIn) {
    right.append(h("button", { type: "button", id: "logout", onclick: logout }, t("logout")));
  }
  top.append(link("/app/products", h("span", { class: "brand" }, "PIF AI")), nav, right);
  document.title = "PIF AI";
  const skip = document.querySelector(".skip-link");
  if (skip) skip.textContent = t("skip");
}

function orgName() {
  const m = ctx.me && ctx.me.memberships.find((x) => x.org_id === ctx.me.org_id);
  return m ? m.org_name : "";
}

async function logout() {
  const refresh = session.refresh;
  try {
    if (refresh) await api.post("/auth/logout", { json: { refresh_token: refresh } });
  } catch { /* the tokens are dropped anyway */ }
  session.clear();
  ctx.me = null;
  navigate("/app/login");
}

export async function loadMe() {
  ctx.me = await api.get("/auth/me");
  return ctx.me;
}

// ---- router ---------------------------------------------------------------------------

const ROUTES = [
  [/^\/app\/login\/?$/, () => renderLogin(), true],
  [/^\/app\/signup\/?$/, () => renderSignup(), true],
  [/^\/app\/?$/, () => renderProducts()],
  [/^\/app\/products\/?$/, () => renderProducts()],
  [/^\/app\/products\/([0-9a-f-]{36})\/?$/, (m) => renderBuilder(m[1])],
  [/^\/app\/products\/([0-9a-f-]{36})\/items\/3\/?$/, (m) => renderFormula(m[1])],
  [/^\/app\/products\/([0-9a-f-]{36})\/items\/10\/?$/, (m) => renderSafety(m[1])],
  [/^\/app\/products\/([0-9a-f-]{36})\/versions\/?$/, (m) => renderVersions(m[1])],
  [/^\/app\/sa\/?$/, () => renderQueue()],
  [/^\/app\/sa\/reviews\/([0-9a-f-]{36})\/?$/, (m) => renderReview(m[1])],
  [/^\/app\/account\/?$/, () => renderAccount()],
];

let generation = 0;

export async function route() {
  const mine = ++generation;
  const path = window.location.pathname;
  document.documentElement.lang = getLang();
  let handler = null;
  let match = null;
  let isPublic = false;
  for (const [re, fn, pub] of ROUTES) {
    match = re.exec(path);
    if (match) { handler = fn; isPublic = Boolean(pub); break; }
  }
  if (!isPublic && !session.loggedIn) {
    navigate("/app/login", { replace: true });
    return;
  }
  const root = clear(main());
  root.append(h("p", { class: "loading", role: "status" }, t("loading")));
  try {
    if (session.loggedIn && !ctx.me) await loadMe();
    renderTop();
    if (!handler) {
      clear(root).append(h("h1", {}, t("not_found")), link("/app/products", t("back_products")));
      return;
    }
    const view = await handler(match);
    if (mine !== generation) return;
    clear(root);
    if (view) root.append(view);
    const heading = root.querySelector("h1");
    if (heading) document.title = `${heading.textContent} · PIF AI`;
  } catch (err) {
    if (mine !== generation) return;
    renderTop();
    clear(root).append(h("h1", {}, t("error")), errorBox(err),
      h("p", {}, h("button", { type: "button", onclick: () => route() }, t("retry")), " ",
        link("/app/products", t("back_products"))));
  }
}

// ---- auth views -----------------------------------------------------------------------

function renderLogin() {
  const errors = h("div", { "aria-live": "polite" });
  const email = h("input", { type: "email", name: "email", required: true, autocomplete: "username" });
  const password = h("input", { type: "password", name: "password", required: true, autocomplete: "current-password" });
  const orgChoice = h("div");
  const totpChoice = h("div");
  let orgSelect = null;
  let totpCode = null;
  const form = h("form", { class: "card narrow", novalidate: false },
    h("h1", {}, t("login_title")),
    field(t("email"), email), field(t("password"), password), orgChoice, totpChoice, errors,
    h("button", { type: "submit", class: "primary" }, t("login")),
    h("p", {}, t("no_account"), " ", link("/app/signup", t("signup"))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const submit = form.querySelector("button[type=submit]");
    await act(submit, async () => {
      const body = { email: email.value.trim(), password: password.value };
      if (orgSelect) body.org_id = orgSelect.value;
      if (totpCode) body.totp_code = totpCode.value.trim();
      try {
        const tokens = await api.post("/auth/login", { json: body });
        session.set(tokens);
      } catch (err) {
        if (err instanceof ApiError && err.code === "organization_choice_required" && Array.isArray(err.details)) {
          orgSelect = h("select", { name: "org_id" },
            err.details.map((m) => h("option", { value: m.org_id }, `${m.org_name} (${t("role_" + m.role)})`)));
          clear(orgChoice).append(field(t("choose_org"), orgSelect));
          clear(errors);
          return;
        }
        if (err instanceof ApiError && err.code === "totp_required") {
          // The password was right and the account has two-factor on: ask for a code.
          if (!totpCode) {
            totpCode = totpInput("login-totp");
            clear(totpChoice).append(field(t("login_totp"), totpCode, t("login_totp_hint")));
          }
          clear(errors);
          totpCode.focus();
          return;
        }
        if (err instanceof ApiError && err.code === "totp_invalid" && totpCode) {
          totpCode.value = "";
          totpCode.focus();
        }
        throw err;
      }
      ctx.me = null;
      await loadMe();
      navigate("/app/products");
    }, errors);
  });
  return form;
}

function renderSignup() {
  const errors = h("div", { "aria-live": "polite" });
  const inputs = {
    email: h("input", { type: "email", name: "email", required: true, autocomplete: "username" }),
    password: h("input", { type: "password", name: "password", required: true, autocomplete: "new-password", minlength: 10 }),
    full_name: h("input", { type: "text", name: "full_name", autocomplete: "name" }),
    org_name: h("input", { type: "text", name: "org_name", required: true, autocomplete: "organization" }),
    org_type: h("select", { name: "org_type" },
      ["brand", "oem", "importer", "consultant"].map((k) => h("option", { value: k }, t("org_" + k)))),
  };
  const form = h("form", { class: "card narrow" },
    h("h1", {}, t("signup_title")),
    field(t("email"), inputs.email), field(t("password"), inputs.password, t("password_hint")),
    field(t("full_name"), inputs.full_name), field(t("org_name"), inputs.org_name),
    field(t("org_type"), inputs.org_type), errors,
    h("button", { type: "submit", class: "primary" }, t("signup")),
    h("p", {}, t("have_account"), " ", link("/app/login", t("login"))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    await act(form.querySelector("button[type=submit]"), async () => {
      const body = {
        email: inputs.email.value.trim(), password: inputs.password.value,
        org_name: inputs.org_name.value.trim(), org_type: inputs.org_type.value,
        lang: getLang() === "en" ? "en" : "zh-Hant",
      };
      if (inputs.full_name.value.trim()) body.full_name = inputs.full_name.value.trim();
      session.set(await api.post("/auth/register", { json: body }));
      ctx.me = null;
      await loadMe();
      navigate("/app/products");
    }, errors);
  });
  return form;
}

// ---- products -------------------------------------------------------------------------

export const PRODUCT_TYPES = [
  ["face_cream", "Face cream", "臉部乳霜"], ["face_serum", "Face serum", "精華液"],
  ["eye_cream", "Eye cream", "眼霜"], ["face_mask_leave_on", "Face mask (leave-on)", "面膜(免沖洗)"],
  ["face_mask_rinse_off", "Face mask (rinse-off)", "沖洗式面膜"], ["face_cleanser", "Face cleanser", "洗面乳"],
  ["cleansing_oil", "Cleansing oil", "卸妝油"], ["toner", "Toner / face mist", "化妝水"],
  ["body_lotion", "Body lotion", "身體乳液"], ["hand_cream", "Hand cream", "護手霜"],
  ["shower_gel", "Shower gel", "沐浴乳"], ["hand_soap", "Liquid hand soap", "洗手乳"],
  ["body_scrub", "Body scrub", "身體去角質"], ["shampoo", "Shampoo", "洗髮精"],
  ["hair_conditioner", "Hair conditioner", "潤髮乳"], ["hair_styling", "Hair styling", "造型產品"],
  ["hair_dye_oxidative", "Oxidative hair dye", "染髮劑(氧化型)"], ["liquid_foundation", "Liquid foundation", "粉底液"],
  ["lipstick", "Lipstick / lip balm", "口紅"], ["mascara", "Mascara", "睫毛膏"], ["eyeliner", "Eyeliner", "眼線"],
  ["eye_shadow", "Eye shadow", "眼影"], ["nail_polish", "Nail polish", "指甲油"],
  ["deodorant", "Deodorant", "體香劑"], ["deodorant_spray", "Deodorant spray", "體香噴霧"],
  ["sunscreen", "Sunscreen", "防曬產品"], ["toothpaste", "Toothpaste", "牙膏"], ["mouthwash", "Mouthwash", "漱口水"],
  ["baby_lotion", "Baby lotion", "嬰兒乳液"], ["baby_wash", "Baby wash", "嬰兒沐浴乳"],
  ["wet_wipes", "Cosmetic wet wipes", "濕紙巾(化粧品)"], ["hand_sanitiser", "Hand sanitiser gel", "乾洗手"],
];

export function typeName(key) {
  const row = PRODUCT_TYPES.find((r) => r[0] === key);
  if (!row) return key || "—";
  return getLang() === "en" ? row[1] : row[2];
}

export function statusBadge(status, prefix = "st_") {
  return h("span", { class: `badge badge-${status}` }, t(prefix + status));
}

export function itemsDone(items) {
  return items.filter((i) => i.status === "human_reviewed" || i.status === "approved").length;
}

const PIF_STATUSES = ["draft", "in_progress", "ai_review", "sa_review", "completed", "expired"];
const PRODUCT_PAGE = 200;

async function renderProducts() {
  // Search and filters run on the server (GET /products?q=&status=&product_type=).
  const first = await api.get("/products", { query: { page: 1, page_size: PRODUCT_PAGE } });
  const progress = new Map();

  async function loadProgress(products) {
    const missing = products.filter((p) => !progress.has(p.id));
    const overviews = await Promise.all(missing.map((p) =>
      api.get(`/products/${p.id}/pif`).catch(() => null)));
    missing.forEach((p, i) => progress.set(p.id, overviews[i] ? itemsDone(overviews[i].items) : null));
  }
  await loadProgress(first.items);

  const search = h("input", { type: "search", id: "product-search", placeholder: t("search_hint"), maxlength: 200 });
  const statusFilter = h("select", { id: "status-filter" }, h("option", { value: "" }, t("all")),
    PIF_STATUSES.map((s) => h("option", { value: s }, t("pif_" + s))));
  const typeFilter = h("select", { id: "type-filter" }, h("option", { value: "" }, t("all")),
    PRODUCT_TYPES.map(([k]) => h("option", { value: k }, typeName(k))));
  const tbody = h("tbody");
  const count = h("p", { class: "muted", role: "status", id: "product-count" });
  const listErrors = h("div", { "aria-live": "polite" });

  function draw(list) {
    clear(tbody);
    for (const p of list.items) {
      const done = progress.has(p.id) ? progress.get(p.id) : null;
      tbody.append(h("tr", { dataset: { productId: p.id } },
        h("td", {}, link(`/app/products/${p.id}`, p.name), p.name_en ? h("div", { class: "muted" }, p.name_en) : null),
        h("td", {}, typeName(p.product_type)),
        h("td", {}, statusBadge(p.pif_status, "pif_")),
        h("td", {}, done === null ? "—" : [
          h("progress", { max: 16, value: done, "aria-label": t("progress_of", { done }) }), " ",
          h("span", { class: "progress-text" }, t("progress_of", { done }))]),
        h("td", {}, fmtDate(p.updated_at))));
    }
    count.textContent = `${list.items.length} / ${list.total}`;
  }

  let latest = 0;
  async function refresh() {
    const mine = ++latest;
    const query = { page: 1, page_size: PRODUCT_PAGE, q: search.value.trim(),
      status: statusFilter.value, product_type: typeFilter.value };
    try {
      const list = await api.get("/products", { query });
      await loadProgress(list.items);
      if (mine !== latest) return;  // a newer search answered first
      clear(listErrors);
      draw(list);
    } catch (err) {
      if (mine !== latest) return;
      clear(listErrors).append(errorBox(err));
    }
  }
  let timer = null;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  statusFilter.addEventListener("change", refresh);
  typeFilter.addEventListener("change", refresh);
  draw(first);

  return h("section", {},
    h("h1", {}, t("products")),
    newProductForm(),
    h("div", { class: "filters", role: "search" },
      field(t("search"), search), field(t("filter_status"), statusFilter), field(t("filter_type"), typeFilter)),
    listErrors, count,
    first.total ? h("table", { class: "table", id: "product-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("product_name")), h("th", { scope: "col" }, t("product_type")),
        h("th", { scope: "col" }, t("status")), h("th", { scope: "col" }, t("progress")), h("th", { scope: "col" }, t("updated")))),
      tbody) : h("p", {}, t("no_products")));
}

function newProductForm() {
  const errors = h("div", { "aria-live": "polite" });
  const name = h("input", { type: "text", name: "name", required: true });
  const nameEn = h("input", { type: "text", name: "name_en" });
  const ptype = h("input", { type: "text", name: "product_type", list: "product-types", required: true });
  const datalist = h("datalist", { id: "product-types" },
    PRODUCT_TYPES.map(([k, e, z]) => h("option", { value: k }, getLang() === "en" ? e : z)));
  const form = h("form", { class: "card inline-form", id: "new-product" },
    h("h2", {}, t("new_product")),
    h("div", { class: "row" }, field(t("product_name"), name), field(t("product_name_en"), nameEn),
      field(t("product_type"), ptype, t("product_type_hint"))), datalist, errors,
    h("button", { type: "submit", class: "primary" }, t("create")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    await act(form.querySelector("button[type=submit]"), async () => {
      const body = { name: name.value.trim(), product_type: ptype.value.trim() };
      if (nameEn.value.trim()) body.name_en = nameEn.value.trim();
      const product = await api.post("/products", { json: body });
      navigate(`/app/products/${product.id}`);
    }, errors);
  });
  return form;
}

// ---- account: organisations, two-factor, qualification, members ----------------------

async function renderAccount() {
  const me = await loadMe();
  renderTop();
  const section = h("section", {}, h("h1", {}, t("account")));
  section.append(h("div", { class: "card" }, h("h2", {}, t("memberships")),
    h("p", {}, me.email, me.email_verified ? "" : ` (${t("email_unverified")})`),
    h("ul", { class: "plain" }, me.memberships.map((m) => h("li", {},
      `${m.org_name} · ${t("org_" + m.org_type)} · ${t("role_" + m.role)} `,
      m.org_id === me.org_id ? h("strong", {}, `(${t("current")})`) :
        h("button", { type: "button", onclick: (e) => act(e.target, async () => {
          await switchOrg(m.org_id);
          navigate("/app/account");
        }) }, t("switch")))))));

  // two-factor
  const twofaBox = h("div", { class: "card", id: "twofa" }, h("h2", {}, t("twofa")));
  const twofaErr = h("div", { "aria-live": "polite" });
  const setupBtn = h("button", { type: "button", id: "twofa-setup" }, t("twofa_setup"));
  setupBtn.addEventListener("click", () => act(setupBtn, async () => {
    const res = await api.post("/auth/setup-2fa");
    const code = h("input", { type: "text", id: "twofa-code", inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9 ]{6,7}", required: true });
    const verify = h("form", { class: "stack" },
      h("p", {}, t("twofa_secret"), ": ", h("code", { id: "twofa-secret" }, res.secret)),
      h("p", { class: "muted small" }, t("twofa_uri"), ": ", h("code", { class: "wrap" }, res.provisioning_uri)),
      field(t("totp_code"), code), h("button", { type: "submit", class: "primary" }, t("twofa_verify")));
    verify.addEventListener("submit", (e) => {
      e.preventDefault();
      act(verify.querySelector("button"), async () => {
        await api.post("/auth/verify-2fa", { json: { code: code.value.trim() } });
        clear(verify).append(h("p", { class: "msg msg-ok", id: "twofa-on" }, t("twofa_enabled")));
      }, twofaErr);
    });
    setupBtn.after(verify);
  }, twofaErr));
  twofaBox.append(setupBtn, twofaErr);
  section.append(twofaBox);

  // SA qualification
  if (me.role === "sa") {
    const qual = await api.get("/sa/qualification").catch(() => null);
    const ref = h("input", { type: "text", id: "qual-ref", value: qual && qual.certificate_ref ? qual.certificate_ref : "" });
    const until = h("input", { type: "date", id: "qual-until", value: qual && qual.qualified_until ? qual.qualified_until : "" });
    const code = totpInput("qual-code");
    const err = h("div", { "aria-live": "polite" });
    const form = h("form", { class: "card", id: "qualification" }, h("h2", {}, t("qualification")),
      h("div", { class: "row" }, field(t("cert_ref"), ref), field(t("qualified_until"), until), field(t("totp_code"), code, t("totp_hint"))),
      err, h("button", { type: "submit", class: "primary" }, t("save")));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      act(form.querySelector("button"), async () => {
        await api.put("/sa/qualification", { json: { totp_code: code.value.trim(), certificate_ref: ref.value.trim(), qualified_until: until.value } });
        code.value = "";
        clear(err).append(h("p", { class: "msg msg-ok" }, t("saved")));
      }, err);
    });
    section.append(form);
  }

  // members
  if (me.role === "owner" || me.role === "admin") {
    const members = await api.get("/organizations/current/members").catch(() => []);
    const email = h("input", { type: "email", id: "member-email", required: true });
    const role = h("select", { id: "member-role" }, ["member", "admin", "sa", "owner"].map((r) => h("option", { value: r }, t("role_" + r))));
    const err = h("div", { "aria-live": "polite" });
    const form = h("form", { class: "card", id: "members" }, h("h2", {}, t("members")),
      h("ul", { class: "plain" }, (Array.isArray(members) ? members : members.items || []).map((m) =>
        h("li", {}, `${m.email} · ${t("role_" + m.role)}`))),
      h("h3", {}, t("add_member")),
      h("div", { class: "row" }, field(t("email"), email), field(t("role"), role)), err,
      h("button", { type: "submit" }, t("add")));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      act(form.querySelector("button[type=submit]"), async () => {
        await api.post("/organizations/current/members", { json: { email: email.value.trim(), role: role.value } });
        navigate("/app/account", { replace: true });
        flash(t("saved"));
      }, err);
    });
    section.append(form);
  }
  return section;
}

export async function switchOrg(orgId) {
  session.set(await api.post("/auth/switch-org", { json: { org_id: orgId } }));
  await loadMe();
}

export function totpInput(id) {
  return h("input", { type: "text", id, name: "totp_code", inputmode: "numeric", autocomplete: "one-time-code",
    pattern: "\\s*[0-9]{3}\\s?[0-9]{3}\\s*", maxlength: 8, required: true, class: "totp" });
}

setLang(getLang());
route();
