// The only way the interface talks to the server: /api/v1, the error shape
// {"error": {"code", "message", "details"}}, token refresh and task polling.

import { getLang } from "./i18n.js";

const BASE = "/api/v1";
const STORE = window.sessionStorage;

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const session = {
  get access() { return STORE.getItem("pifai.access"); },
  get refresh() { return STORE.getItem("pifai.refresh"); },
  set(tokens) {
    STORE.setItem("pifai.access", tokens.access_token);
    if (tokens.refresh_token) STORE.setItem("pifai.refresh", tokens.refresh_token);
  },
  clear() {
    STORE.removeItem("pifai.access");
    STORE.removeItem("pifai.refresh");
  },
  get loggedIn() { return Boolean(STORE.getItem("pifai.access")); },
};

function apiLang() {
  return getLang() === "en" ? "en" : "zh-Hant";
}

async function errorFrom(response) {
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  const err = body && body.error;
  if (err) return new ApiError(response.status, err.code, err.message, err.details);
  return new ApiError(response.status, "http_" + response.status,
    `${response.status} ${response.statusText || "error"}`, null);
}

let refreshing = null;
async function refreshTokens() {
  if (!session.refresh) return false;
  refreshing = refreshing || fetch(BASE + "/auth/refresh", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ refresh_token: session.refresh }),
  }).then(async (r) => {
    if (!r.ok) return false;
    session.set(await r.json());
    return true;
  }).catch(() => false).finally(() => { setTimeout(() => { refreshing = null; }, 0); });
  return refreshing;
}

// request(method, path, {json, form, query, raw}) → parsed JSON, or the Response when raw.
export async function request(method, path, opts = {}, retried = false) {
  const headers = { "Accept-Language": apiLang() };
  if (session.access) headers.Authorization = "Bearer " + session.access;
  let body;
  if (opts.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    body = opts.form;
  }
  let url = path.startsWith("/api/") ? path : BASE + path;
  if (opts.query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
    if ([...q].length) url += (url.includes("?") ? "&" : "?") + q;
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body });
  } catch (e) {
    throw new ApiError(0, "network", String(e && e.message ? e.message : e), null);
  }
  if (response.status === 401 && !retried && session.refresh && !path.startsWith("/auth/")) {
    if (await refreshTokens()) return request(method, path, opts, true);
    session.clear();
    window.dispatchEvent(new CustomEvent("pifai:logged-out"));
  }
  if (!response.ok) throw await errorFrom(response);
  if (opts.raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response.text();
}

export const api = {
  get: (p, o) => request("GET", p, o),
  post: (p, o) => request("POST", p, o),
  put: (p, o) => request("PUT", p, o),
  del: (p, o) => request("DELETE", p, o),
};

const TERMINAL = new Set(["done", "failed", "dead", "cancelled", "error"]);

// Polls GET /tasks/{id} until it ends; onProgress(task) on every answer.
export async function pollTask(location, onProgress, { interval = 400, timeoutMs = 300000 } = {}) {
  const started = Date.now();
  for (;;) {
    const task = await api.get(location);
    if (onProgress) onProgress(task);
    if (TERMINAL.has(task.status)) {
      if (task.status !== "done") {
        const e = task.error;
        const msg = (e && (e.message || e)) || task.status;
        throw new ApiError(500, "task_" + task.status, String(msg), task);
      }
      return task;
    }
    if (Date.now() - started > timeoutMs) throw new ApiError(504, "task_timeout", "timeout", task);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function filenameFrom(response, fallback) {
  const cd = response.headers.get("content-disposition") || "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try { return decodeURIComponent(star[1]); } catch { /* fall through */ }
  }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}
