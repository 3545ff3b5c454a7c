// The knock console page. Plain JavaScript, no build step. Every value from the server is put into
// the page as text (textContent, attributes), never as HTML; an email preview goes into a sandboxed
// iframe without scripts (srcdoc).
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const FINAL = ["SENT", "DELIVERED", "UNDELIVERED", "NOT_SENT", "BOUNCED"];
  let workflows = [];
  let pollTimer = null;

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "onclick") e.addEventListener("click", v);
      else if (k.startsWith("data-")) e.setAttribute(k, String(v));
      else e[k] = v;
    }
    e.append(...nodes(children));
    return e;
  }

  /** Nodes from nested lists of nodes and strings (as text), leaving out null and undefined. */
  function nodes(...items) {
    return items.flat(Infinity).filter((c) => c !== null && c !== undefined)
      .map((c) => (c instanceof Node ? c : document.createTextNode(String(c))));
  }

  async function api(path, body) {
    const opts = { credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body !== undefined) {
      opts.method = "POST";
      opts.headers["Content-Type"] = "application/json";
      opts.headers["X-Knock-Console"] = "1"; // the console's CSRF guard
      opts.body = JSON.stringify(body);
    }
    const res = await fetch("api" + path, opts);
    let json = null;
    try { json = await res.json(); } catch (e) { json = null; }
    if (!res.ok) {
      const err = new Error((json && json.error) || ("HTTP " + res.status));
      err.status = res.status;
      err.field = json && json.field;
      throw err;
    }
    return json;
  }

  function toast(message) {
    const t = $("toast");
    t.textContent = message;
    t.hidden = false;
    setTimeout(() => { t.hidden = true; }, 6000);
  }

  function qs(params) {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) u.set(k, v);
    const s = u.toString();
    return s ? "?" + s : "";
  }

  // ---------------------------------------------------------------- tabs

  function show(tab) {
    for (const b of document.querySelectorAll("nav .tab")) b.classList.toggle("on", b.dataset.tab === tab);
    for (const s of document.querySelectorAll("main .panel")) s.hidden = s.id !== "tab-" + tab;
  }

  // ---------------------------------------------------------------- queue

  async function loadQueue() {
    try {
      const o = await api("/overview");
      const q = $("queue");
      q.textContent = "queue: " + o.jobs + " jobs · oldest due " + o.oldestDueAgeSeconds.toFixed(1) + " s ago";
      q.dataset.jobs = o.jobs;
    } catch (e) { toast(e.message); }
  }

  // ---------------------------------------------------------------- runs

  let runsNext = null;
  async function loadRuns(more) {
    const params = { status: $("runs-status").value, workflow: $("runs-workflow").value, before: more ? runsNext : null };
    try {
      const page = await api("/runs" + qs(params));
      const rows = $("runs-rows");
      if (!more) rows.replaceChildren();
      for (const r of page.items) {
        rows.appendChild(el("tr", { class: "run", "data-id": r.id, "data-status": r.status, onclick: () => openRun(r.id) },
          el("td", { class: "id" }, r.id), el("td", {}, r.workflow), el("td", {}, r.recipient),
          el("td", { class: "status-" + r.status }, r.status), el("td", {}, r.createdAt)));
      }
      runsNext = page.next;
      $("runs-more").hidden = !page.next;
    } catch (e) { toast(e.message); }
  }

  async function openRun(id) {
    stopPolling();
    try {
      const d = await api("/runs/" + encodeURIComponent(id));
      const r = d.run;
      const body = $("detail-body");
      body.replaceChildren(...nodes(
        el("h2", {}, "Run"),
        el("p", { class: "mono", id: "run-id" }, r.id),
        el("p", {}, "Workflow ", el("b", {}, r.workflow), " · recipient ", el("b", {}, r.recipient), " · ",
          el("span", { id: "run-status", class: "status-" + r.status }, r.status)),
        el("h3", {}, "Log"),
        el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "At"), el("th", {}, "Step"), el("th", {}, "Outcome"), el("th", {}, "Detail"))),
          el("tbody", {}, d.log.map((e) => el("tr", { class: "log-entry", "data-outcome": e.outcome },
            el("td", {}, e.at), el("td", {}, e.step || "—"), el("td", {}, e.outcome), el("td", {}, e.detail || ""))))),
        el("h3", {}, "Messages"),
        d.messages.length === 0 ? el("p", {}, "none") :
          el("ul", {}, d.messages.map((m) => el("li", {},
            el("a", { href: "#", class: "open-message", "data-id": m.id, onclick: (ev) => { ev.preventDefault(); openMessage(m.id); } },
              m.channel + " · " + m.status)))),
        el("h3", {}, "Data"),
        el("pre", {}, JSON.stringify(r.data, null, 2))));
      $("detail").hidden = false;
    } catch (e) { toast(e.message); }
  }

  // ---------------------------------------------------------------- messages

  let messagesNext = null;
  async function loadMessages(more) {
    const params = { status: $("messages-status").value, channel: $("messages-channel").value.trim(), before: more ? messagesNext : null };
    try {
      const page = await api("/messages" + qs(params));
      const rows = $("messages-rows");
      if (!more) rows.replaceChildren();
      for (const m of page.items) {
        rows.appendChild(el("tr", { class: "message", "data-id": m.id, "data-status": m.status, onclick: () => openMessage(m.id) },
          el("td", { class: "id" }, m.id), el("td", {}, m.workflow), el("td", {}, m.channel), el("td", {}, m.recipient),
          el("td", { class: "status-" + m.status }, m.status), el("td", {}, m.attempts), el("td", {}, m.createdAt)));
      }
      messagesNext = page.next;
      $("messages-more").hidden = !page.next;
    } catch (e) { toast(e.message); }
  }

  function stopPolling() {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
  }

  async function openMessage(id) {
    stopPolling();
    try {
      const d = await api("/messages/" + encodeURIComponent(id));
      const m = d.message;
      const fields = Object.entries(m.content || {}).map(([k, v]) => [el("h4", {}, k), el("pre", {}, v)]);
      const body = $("detail-body");
      body.replaceChildren(...nodes(
        el("h2", {}, "Message"),
        el("p", { class: "mono", id: "message-id" }, m.id),
        el("p", {}, m.channel + " (" + m.channelType + ") to ", el("b", {}, m.recipient), " · ",
          el("span", { id: "message-status", class: "status-" + m.status }, m.status), " · attempts " + m.attempts),
        m.retryable ? el("button", { type: "button", id: "retry", onclick: () => retry(m.id) }, "Retry delivery") : null,
        el("p", {}, el("a", { href: "#", class: "open-run", onclick: (ev) => { ev.preventDefault(); openRun(m.runId); } }, "Open its run")),
        el("h3", {}, "History"),
        el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "At"), el("th", {}, "Status"), el("th", {}, "Detail"))),
          el("tbody", {}, d.history.map((h) => el("tr", { class: "history-entry", "data-type": h.type },
            el("td", {}, h.at), el("td", {}, h.type), el("td", {}, h.detail || ""))))),
        el("h3", {}, "Content"),
        fields));
      $("detail").hidden = false;
      if (!FINAL.includes(m.status)) pollTimer = setTimeout(() => openMessage(id), 1000);
    } catch (e) { toast(e.message); }
  }

  async function retry(id) {
    const b = $("retry");
    if (b) b.disabled = true;
    try {
      await api("/messages/" + encodeURIComponent(id) + "/retry", {});
      await openMessage(id);
    } catch (e) {
      toast(e.message);
      if (b) b.disabled = false;
    }
  }

  // ---------------------------------------------------------------- workflows and preview

  async function loadWorkflows() {
    try {
      workflows = (await api("/workflows")).items;
    } catch (e) { toast(e.message); return; }
    const runsWf = $("runs-workflow");
    for (const w of workflows) runsWf.appendChild(el("option", { value: w.key }, w.key));
    const list = $("workflows");
    list.replaceChildren(...workflows.map((w) => el("div", { class: "workflow", "data-key": w.key },
      el("h3", {}, w.name + " ", el("span", { class: "mono" }, "(" + w.key + ")")),
      el("p", {}, (w.active ? "active" : "inactive") + (w.required ? " · required" : "") +
        (w.categories.length ? " · categories: " + w.categories.join(", ") : "")),
      stepList(w.key, w.steps))));
    const sel = $("preview-workflow");
    for (const w of workflows) if (channelSteps(w.steps).length) sel.appendChild(el("option", { value: w.key }, w.key));
    fillSteps();
  }

  function stepList(key, steps) {
    return el("ol", {}, steps.map((s) => el("li", {},
      s.type + " ", el("span", { class: "mono" }, s.ref), s.channel ? " → " + s.channel + " " : " ",
      s.templates ? el("button", { type: "button", class: "preview-step", onclick: () => openPreview(key, s.ref) }, "Preview") : null,
      (s.branches || []).map((b) => el("div", {}, "branch " + b.name + (b.exits ? " (exits)" : ""), stepList(key, b.steps))))));
  }

  function channelSteps(steps) {
    const out = [];
    for (const s of steps) {
      if (s.templates) out.push(s);
      for (const b of s.branches || []) out.push(...channelSteps(b.steps));
    }
    return out;
  }

  function fillSteps() {
    const w = workflows.find((x) => x.key === $("preview-workflow").value);
    const sel = $("preview-step");
    sel.replaceChildren(...(w ? channelSteps(w.steps) : []).map((s) => el("option", { value: s.ref }, s.ref + " (" + s.channel + ")")));
  }

  function openPreview(key, ref) {
    show("preview");
    $("preview-workflow").value = key;
    fillSteps();
    $("preview-step").value = ref;
  }

  async function renderPreview() {
    const err = $("preview-error");
    const out = $("preview-output");
    err.hidden = true;
    out.replaceChildren();
    let data;
    try {
      data = JSON.parse($("preview-data").value || "{}");
    } catch (e) {
      err.textContent = "Sample data is not valid JSON: " + e.message;
      err.hidden = false;
      return;
    }
    try {
      const p = await api("/preview", {
        workflow: $("preview-workflow").value, step: $("preview-step").value,
        recipient: $("preview-recipient").value.trim(), data: data,
      });
      for (const [field, value] of Object.entries(p.content)) {
        out.appendChild(el("h4", {}, field));
        if (field === "html") {
          // sandboxed without allow-scripts or allow-same-origin: the email's HTML renders, its scripts do not run
          const frame = el("iframe", { id: "preview-html", class: "html-preview", title: "HTML preview" });
          frame.setAttribute("sandbox", "");
          frame.srcdoc = value;
          out.appendChild(frame);
        } else {
          out.appendChild(el("pre", { class: "field", "data-field": field }, value));
        }
      }
      if (p.undefinedVariables.length) {
        out.appendChild(el("p", { class: "note", id: "preview-undefined" }, "Printed as nothing: " + p.undefinedVariables.join("; ")));
      }
    } catch (e) {
      err.textContent = (e.field ? e.field + ": " : "") + e.message;
      err.hidden = false;
    }
  }

  // ---------------------------------------------------------------- wiring

  document.addEventListener("DOMContentLoaded", async () => {
    for (const b of document.querySelectorAll("nav .tab")) {
      b.addEventListener("click", () => {
        show(b.dataset.tab);
        if (b.dataset.tab === "messages") loadMessages(false);
        if (b.dataset.tab === "runs") loadRuns(false);
      });
    }
    $("runs-filter").addEventListener("submit", (e) => { e.preventDefault(); loadRuns(false); });
    $("runs-more").addEventListener("click", () => loadRuns(true));
    $("messages-filter").addEventListener("submit", (e) => { e.preventDefault(); loadMessages(false); });
    $("messages-more").addEventListener("click", () => loadMessages(true));
    $("preview-workflow").addEventListener("change", fillSteps);
    $("preview-form").addEventListener("submit", (e) => { e.preventDefault(); renderPreview(); });
    $("detail-close").addEventListener("click", () => { stopPolling(); $("detail").hidden = true; });
    show("runs");
    await Promise.all([loadQueue(), loadWorkflows(), loadRuns(false)]);
    setInterval(loadQueue, 5000);
    document.body.dataset.ready = "true";
  });
})();
