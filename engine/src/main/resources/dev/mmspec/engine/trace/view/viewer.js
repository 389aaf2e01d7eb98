// Draws the state panel from the ITF states embedded in the page. No network: everything is here.
(function () {
  "use strict";
  var itf = JSON.parse(document.getElementById("trace-data").textContent);
  var rows = Array.prototype.slice.call(document.querySelectorAll("#race tr.step"));
  var panel = document.getElementById("state");
  var special = { "mbt::actionTaken": true, "mmspec::step": true, "mmspec::tasks": true, "mmspec::locks": true, "#meta": true };

  // An ITF value as the spec would write it.
  function show(v) {
    if (v === null || typeof v !== "object") { return String(v); }
    if ("#bigint" in v) { return v["#bigint"]; }
    if ("tag" in v) { return v.tag === "None" ? "none" : show(v.value); }
    if ("#set" in v) { return "{" + v["#set"].map(show).join(", ") + "}"; }
    if ("#tup" in v) { return "(" + v["#tup"].map(show).join(", ") + ")"; }
    return JSON.stringify(v);
  }
  function leaf(v) {
    return v === null || typeof v !== "object" || "#bigint" in v || "tag" in v || "#set" in v || "#tup" in v;
  }
  // Flattens a variable into [path, text] pairs: folio[0].ref = 2.
  function flatten(path, v, out) {
    if (leaf(v)) { out.push([path, show(v)]); return; }
    if (Array.isArray(v)) { v.forEach(function (e, i) { flatten(path + "[" + i + "]", e, out); }); return; }
    if ("#map" in v) { v["#map"].forEach(function (kv) { flatten(path + "[" + show(kv[0]) + "]", kv[1], out); }); return; }
    Object.keys(v).forEach(function (k) { flatten(path + "." + k, v[k], out); });
  }
  function flat(state) {
    var out = {};
    Object.keys(state).forEach(function (name) {
      if (special[name]) { return; }
      var pairs = [];
      flatten(name, state[name], pairs);
      pairs.forEach(function (p) { out[p[0]] = p[1]; });
    });
    return out;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function select(index) {
    rows.forEach(function (r) { r.classList.toggle("selected", Number(r.dataset.index) === index); });
    var state = itf.states[index];
    var now = flat(state);
    var before = index > 0 ? flat(itf.states[index - 1]) : now;
    panel.textContent = "";
    panel.appendChild(el("h2", null, index === 0 ? "Initial state" : "State after step " + index + ": " + state["mbt::actionTaken"]));
    panel.appendChild(el("h3", null, "variables"));
    Object.keys(now).forEach(function (path) {
      var changed = index > 0 && before[path] !== now[path];
      var line = el("div", "var" + (changed ? " changed" : ""), path + " = " + now[path] + (changed ? "  (was " + before[path] + ")" : ""));
      line.dataset.path = path;
      panel.appendChild(line);
    });
    panel.appendChild(el("h3", null, "tasks and the locks they hold"));
    var tasks = state["mmspec::tasks"];
    Object.keys(tasks).forEach(function (name) {
      var t = tasks[name];
      var doing = t.op.tag === "None" ? "idle" : show(t.op) + "." + show(t.step);
      var locals = [];
      [t.params, t.locals].forEach(function (r) { Object.keys(r).forEach(function (k) { locals.push(k + "=" + show(r[k])); }); });
      var holds = t.holds["#set"];
      var line = el("div", "var task", name + ": " + doing + (locals.length ? " (" + locals.join(", ") + ")" : "")
          + "; holds " + (holds.length ? holds.join(", ") : "nothing"));
      line.dataset.task = name;
      panel.appendChild(line);
    });
  }
  rows.forEach(function (r) {
    r.addEventListener("click", function () { select(Number(r.dataset.index)); r.focus(); });
  });
  document.addEventListener("keydown", function (e) {
    var current = rows.findIndex(function (r) { return r.classList.contains("selected"); });
    var next = current;
    if (e.key === "ArrowDown" || e.key === "j") { next = Math.min(rows.length - 1, current + 1); }
    else if (e.key === "ArrowUp" || e.key === "k") { next = Math.max(0, current - 1); }
    else if (e.key === "Home") { next = 0; } else if (e.key === "End") { next = rows.length - 1; }
    else { return; }
    e.preventDefault();
    select(Number(rows[next].dataset.index));
    rows[next].focus();
  });
  var broken = document.querySelector("#race tr.violation");
  select(broken ? Number(broken.dataset.index) : 0);
})();
