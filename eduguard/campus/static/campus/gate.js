/* The gate screen (campus/gate.html). Loads the school's gate roster once and keeps it on the
 * device, finds people locally (card scan, name, pinyin initials, last ID digits), shows the
 * decision at once and posts each passage with a client id. Offline, it decides from the roster
 * (the same table as campus/services/gate.py) and keeps the entries in localStorage; they are sent
 * when the network is back, and the client id makes a re-sent entry count once on the server. */
(function () {
  "use strict";
  const root = document.getElementById("gate");
  if (!root) return;
  const T = JSON.parse(document.getElementById("gate-text").textContent);
  const school = root.dataset.school;
  // Per school and per guard: on a shared tablet one guard's queue is never sent as another's.
  const tag = `${school}-${root.dataset.user}`;
  const KEY = { roster: "gate-roster-" + tag, queue: "gate-queue-" + tag, recent: "gate-recent-" + tag };
  const TIMEOUT_MS = 5000; // a stalled network counts as offline: the entry is kept and sent later
  const RELOAD_MS = 30 * 60 * 1000;
  const $ = (id) => document.getElementById(id);
  const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  let R = null; // the roster
  let chosen = null; // { p: person, by: how found, id: the client id of the entry being made }
  let flushing = false;

  const load = (k, d) => { try { return JSON.parse(localStorage.getItem(k)) ?? d; } catch (e) { return d; } };
  const save = (k, v) => localStorage.setItem(k, JSON.stringify(v));
  const text = (el, s) => { el.textContent = s; return el; };
  const make = (tag, cls, s) => { const e = document.createElement(tag); if (cls) e.className = cls; if (s != null) e.textContent = s; return e; };

  function today() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }

  function uuid() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function setNet(online) {
    const net = $("net");
    net.className = "tag " + (online ? "green" : "amber");
    text(net, online ? T.online : T.offline);
  }

  function showQueue() {
    const n = load(KEY.queue, []).length;
    const q = $("queue");
    q.hidden = n === 0;
    text(q, `${T.queued} ${n}`);
  }

  async function loadRoster() {
    try {
      const res = await fetch(root.dataset.roster, { credentials: "same-origin", cache: "no-store" });
      if (!res.ok) throw new Error(res.status);
      R = await res.json();
      save(KEY.roster, R);
      setNet(true);
    } catch (e) {
      R = load(KEY.roster, null);
      setNet(false);
    }
    if (!R) return;
    const stale = R.day !== today() ? ` · ${T.stale}` : "";
    text($("loaded"), `${T.loaded} ${new Date(R.generated_at).toLocaleString()}${stale}`);
    $("loaded").className = stale ? "bad" : "muted";
    showGates(R.gates || []);
    const list = $("rule-list");
    list.replaceChildren(...R.rules.map((r) => make("li", r.check ? "" : "muted", r.text)));
    const sym = $("symptom-list");
    if (chosen) return; // a reload during an entry keeps the boxes being ticked
    sym.replaceChildren(...R.symptoms.map(([code, label]) => {
      const l = make("label", "check");
      const box = make("input"); box.type = "checkbox"; box.name = "symptoms"; box.value = code;
      l.append(box, " " + label);
      return l;
    }));
  }

  // The gates of the school's 一校一策 in force: the guard picks the one they stand at, once per
  // device; entries carry it. No plan, no picker (and no gate name on the entries).
  function showGates(gates) {
    const pick = $("gate-name");
    pick.replaceChildren(...gates.map((g) => { const o = make("option", "", g); o.value = g; return o; }));
    $("gate-pick").hidden = !gates.length;
    const kept = localStorage.getItem("gate-name");
    if (gates.includes(kept)) pick.value = kept;
    else if (gates.length) localStorage.setItem("gate-name", gates[0]);
    else localStorage.removeItem("gate-name");
    pick.onchange = () => localStorage.setItem("gate-name", pick.value);
  }

  function find(q) {
    q = q.trim();
    if (!R || !q) return [];
    const card = R.people.find((p) => p.card === q);
    if (card) return [{ p: card, by: "card" }];
    const lower = q.toLowerCase();
    let hits;
    if (/^\d{1,3}[\dxX]?$/.test(q)) hits = R.people.filter((p) => p.id4 && p.id4.toLowerCase().endsWith(lower)).map((p) => ({ p, by: "id" }));
    else if (/^[a-z]+$/i.test(q)) hits = R.people.filter((p) => p.py.startsWith(lower)).map((p) => ({ p, by: "name" }));
    else hits = R.people.filter((p) => p.name.includes(q)).map((p) => ({ p, by: "name" }));
    return hits.slice(0, 12);
  }

  function statusOf(p) {
    if (p.pass) return p.pass.out ? T.pass_out : T.pass;
    return p.status ? T[p.status] : T.cleared;
  }

  function showMatches() {
    const hits = find($("find").value);
    const ul = $("matches");
    if (hits.length === 1 && hits[0].by === "card") { choose(hits[0]); ul.replaceChildren(); return; }
    if (!hits.length && $("find").value.trim()) { ul.replaceChildren(make("li", "empty", T.none)); return; }
    ul.replaceChildren(...hits.map((h) => {
      const li = make("li");
      const b = make("button", "match");
      b.type = "button";
      b.append(make("strong", "", h.p.name), make("span", "muted", ` ${h.p.klass}${h.p.boarder ? " · " + T.boarder : ""}`),
        make("span", "tag " + (h.p.status === "deny" ? "red" : h.p.status ? "amber" : "green"), statusOf(h.p)));
      b.addEventListener("click", () => choose(h));
      li.append(b);
      return li;
    }));
  }

  function choose(h) {
    chosen = { ...h, id: uuid() }; // one client id per entry, however often the button is pressed
    $("entry").hidden = false;
    $("verdict").hidden = true;
    text($("who"), h.p.name);
    text($("who-class"), h.p.klass + (h.p.boarder ? " · " + T.boarder : ""));
    const notes = (h.p.reasons || []).map((r) => r.text);
    text($("status-note"), notes.length ? notes.join("；") : statusOf(h.p));
    $("status-note").className = h.p.status ? "bad" : "muted";
    $("entry-form").reset();
    $("id-checked").checked = h.by === "card";
    $("entry-errors").hidden = true;
    $("temperature").focus();
  }

  function direction() { return document.querySelector("input[name=direction]:checked").value; }

  function judge(p, r, dir) {
    const v = { decision: "allow", reasons: [] };
    const rank = { allow: 0, defer: 1, deny: 2 };
    const add = (d, code, s) => { v.reasons.push({ code, decision: d, text: s }); if (rank[d] > rank[v.decision]) v.decision = d; };
    if (dir === "out") {
      if (p.boarder && R.boarder_pass && !(p.pass && !p.pass.out)) add("deny", "no_pass", "住校生离校须持班主任签发的离校单");
      return v;
    }
    if (R.checks.includes("return_approval")) (p.reasons || []).forEach((x) => add(x.decision === "deny" ? "deny" : "defer", x.code, x.text));
    const fever = parseFloat(R.fever);
    if (r.temperature !== null) {
      const screen = parseFloat(R.screen[r.method] ?? R.fever);
      if (r.temperature >= fever) add("defer", "gate_fever", `校门测温 ${r.temperature.toFixed(1)}℃，发热，须到临时隔离室由校医处置`);
      else if (r.temperature >= screen) add("defer", "gate_recheck", `校门测温 ${r.temperature.toFixed(1)}℃（≥${screen}℃），请稍候用腋温复测`);
    }
    if (r.symptoms.length) add("defer", "gate_symptoms", "有症状，须医学隔离观察");
    if (r.code_colour === "red") add("deny", "red_code", "健康码为红码");
    else if (r.code_colour === "yellow") add("defer", "yellow_code", "健康码为黄码");
    return v;
  }

  function reading() {
    const raw = $("temperature").value.trim();
    return {
      temperature: raw === "" ? null : Math.round(parseFloat(raw) * 10) / 10,
      method: $("method").value,
      code_colour: $("code").value,
      symptoms: Array.from(document.querySelectorAll("input[name=symptoms]:checked"), (b) => b.value),
      id_checked: $("id-checked").checked,
    };
  }

  function localErrors(r, dir) {
    const out = [];
    if (r.temperature !== null && (isNaN(r.temperature) || r.temperature < R.range[0] || r.temperature > R.range[1])) out.push(`${T.range}（${R.range[0]}–${R.range[1]}）`);
    if (dir === "in" && R.checks.includes("identity_temperature")) {
      if (r.temperature === null) out.push(T.need_temp);
      if (!r.id_checked) out.push(T.need_id);
    }
    return out;
  }

  function showErrors(list) {
    const ul = $("entry-errors");
    ul.hidden = !list.length;
    ul.replaceChildren(...list.map((s) => make("li", "", s)));
  }

  function showVerdict(decision, reasons, fever) {
    const box = $("verdict");
    box.hidden = false;
    box.className = "verdict " + decision;
    text($("verdict-title"), T[decision]);
    const items = reasons.filter((r) => r.decision !== "allow" || r.code === "late_return").map((r) => make("li", "", r.text));
    if (fever) items.push(make("li", "", T.fever_room));
    $("verdict-reasons").replaceChildren(...items);
  }

  function remember(entry, state, decision, problem) {
    const recent = load(KEY.recent, []).filter((e) => e.client_id !== entry.client_id);
    recent.unshift({ client_id: entry.client_id, at: entry.at, name: entry.name, direction: entry.direction, temperature: entry.temperature, decision, state, problem });
    save(KEY.recent, recent.slice(0, 30));
    drawRecent();
  }

  function drawRecent() {
    const rows = load(KEY.recent, []);
    const body = $("recent");
    if (!rows.length) return;
    body.replaceChildren(...rows.map((e) => {
      const tr = make("tr");
      tr.append(make("td", "nowrap", new Date(e.at).toLocaleTimeString()), make("td", "", e.name), make("td", "", T[e.direction]),
        make("td", "num", e.temperature == null ? "—" : e.temperature.toFixed(1)), make("td", "", T[e.decision]),
        make("td", e.state === "failed" ? "bad" : "", e.state === "sent" ? T.sent : e.state === "failed" ? `${T.failed}：${e.problem || ""}` : T.waiting));
      return tr;
    }));
  }

  // {kind: "stored", body} | {kind: "refused", messages} (a 400: the server will never take it)
  // | {kind: "later"} (no network, a stalled one, a lost session, a server error: keep it).
  async function post(entry) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const res = await fetch(root.dataset.entry, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        signal: abort.signal,
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(entry),
      });
      setNet(true);
      const body = await res.json().catch(() => null);
      if (res.ok && body && body.client_id === entry.client_id) return { kind: "stored", body };
      if (res.status === 400 && body && !Array.isArray(body)) return { kind: "refused", messages: Object.values(body).flat() };
      if (res.type === "opaqueredirect" || res.status === 401 || res.status === 403) {
        const net = $("net"); // the session has ended: entries wait until the guard signs in again
        net.className = "tag amber";
        text(net, T.relogin);
      }
      return { kind: "later" };
    } catch (e) {
      setNet(false);
      return { kind: "later" };
    } finally {
      clearTimeout(timer);
    }
  }

  async function submit(ev) {
    ev.preventDefault();
    if (!chosen || !R) return;
    const r = reading();
    const dir = direction();
    const errors = localErrors(r, dir);
    if (errors.length) { showErrors(errors); return; }
    const h = chosen;
    chosen = null; // a second press while this one is on its way does nothing
    $("record").disabled = true;
    const local = judge(h.p, r, dir);
    const entry = {
      client_id: h.id, person: h.p.id, name: h.p.name, direction: dir, at: new Date().toISOString(),
      temperature: r.temperature, method: r.method, code_colour: r.code_colour, symptoms: r.symptoms,
      id_checked: r.id_checked, found_by: h.by, gate: localStorage.getItem("gate-name") || "", shown: local.decision,
    };
    // Entries go in the order they were made: while older ones wait, a new one waits behind them.
    const result = load(KEY.queue, []).length ? { kind: "later" } : await post(entry);
    $("record").disabled = false;
    if (result.kind === "refused") {
      chosen = h;
      showErrors(result.messages);
      return;
    }
    if (result.kind === "stored") {
      showVerdict(result.body.decision, result.body.reasons, result.body.fever_event);
      remember(entry, "sent", result.body.decision);
      updatePass(h.p, dir, result.body.decision);
    } else {
      const queue = load(KEY.queue, []);
      queue.push({ ...entry, offline: true });
      save(KEY.queue, queue);
      showVerdict(local.decision, local.reasons, false);
      remember(entry, "queued", local.decision);
      updatePass(h.p, dir, local.decision);
      showQueue();
      flush();
    }
    $("entry").hidden = true;
    $("find").value = "";
    $("matches").replaceChildren();
    $("find").focus();
  }

  function updatePass(p, dir, decision) {
    if (!p.pass) return;
    if (dir === "out" && decision === "allow") p.pass.out = true;
    else if (dir === "in" && p.pass.out) delete p.pass;
    save(KEY.roster, R);
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (;;) {
        const queue = load(KEY.queue, []);
        if (!queue.length) break;
        const entry = queue[0];
        const result = await post(entry);
        if (result.kind === "later") break; // try again when the network or the session is back
        if (result.kind === "stored") remember(entry, "sent", result.body.decision);
        else remember(entry, "failed", entry.shown, result.messages.join("；"));
        save(KEY.queue, load(KEY.queue, []).filter((e) => e.client_id !== entry.client_id));
      }
    } finally {
      flushing = false;
      showQueue();
    }
  }

  async function scan() {
    const video = $("camera");
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream; video.hidden = false; await video.play();
    const stop = () => { stream.getTracks().forEach((t) => t.stop()); video.hidden = true; };
    const tick = async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) { stop(); $("find").value = codes[0].rawValue; showMatches(); return; }
      if (!video.hidden) requestAnimationFrame(tick);
    };
    tick();
  }

  $("find").addEventListener("input", showMatches);
  $("find").addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); showMatches(); } });
  $("entry-form").addEventListener("submit", submit);
  $("cancel").addEventListener("click", () => { $("entry").hidden = true; chosen = null; $("find").focus(); });
  if ("BarcodeDetector" in window && navigator.mediaDevices) { $("scan").hidden = false; $("scan").addEventListener("click", () => scan().catch(() => {})); }
  window.addEventListener("online", () => { setNet(true); flush(); });
  window.addEventListener("offline", () => setNet(false));
  setInterval(flush, 15000);
  setInterval(() => loadRoster(), RELOAD_MS); // statuses and passes change during the day
  drawRecent();
  showQueue();
  loadRoster().then(flush);
})();
