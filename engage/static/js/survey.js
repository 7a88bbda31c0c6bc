// Skip logic on respondent pages, without a reload. The server applies the same rules
// (surveys/conditions.py) on every submit, so the page works fully without this file.
(function () {
  "use strict";

  function number(text) {
    if (text === null || text === undefined || String(text).trim() === "") { return null; }
    var n = Number(text);
    return isNaN(n) ? null : n;
  }

  function same(left, right) {
    var a = number(left), b = number(right);
    return (a !== null && b !== null) ? a === b : String(left) === String(right);
  }

  // Mirrors conditions.evaluate: every answer is a list of strings ("atoms").
  function evaluate(cond, atoms) {
    if (!cond) { return true; }
    if (cond.all) { return cond.all.every(function (c) { return evaluate(c, atoms); }); }
    if (cond.any) { return cond.any.some(function (c) { return evaluate(c, atoms); }); }
    var given = atoms[cond.q] || [];
    switch (cond.op) {
      case "answered": return given.length > 0;
      case "not_answered": return given.length === 0;
      case "equals": return given.some(function (g) { return same(g, cond.value); });
      case "not_equals": return !given.some(function (g) { return same(g, cond.value); });
      case "in": return given.some(function (g) {
        return cond.value.some(function (v) { return same(g, v); });
      });
    }
    var values = given.map(number).filter(function (n) { return n !== null; });
    if (!values.length) { return false; }
    var n = values[0], limit = Number(cond.value);
    return { gt: n > limit, gte: n >= limit, lt: n < limit, lte: n <= limit }[cond.op] || false;
  }

  // The atoms of one question's current inputs, like conditions.atoms on the parsed value.
  function atomsOf(box) {
    var code = box.getAttribute("data-code"), type = box.getAttribute("data-type");
    var prefix = "q." + code, out = [];
    box.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (el.name !== prefix && el.name.indexOf(prefix + ".") !== 0) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      var value = (el.value || "").trim();
      if (!value || el.name === prefix + ".other") { return; }
      if (type === "ranking") { value = el.name.slice(prefix.length + 1); }
      out.push(value);
    });
    return out;
  }

  function update(form) {
    var atoms = JSON.parse(form.getAttribute("data-prior") || "{}");
    var shown = [];
    form.querySelectorAll(".question[data-code]").forEach(function (box) {
      var raw = box.getAttribute("data-condition");
      var visible = raw === null ? true : evaluate(JSON.parse(raw), atoms);
      box.hidden = !visible;
      if (visible) {
        shown.push(box.getAttribute("data-code"));
        atoms[box.getAttribute("data-code")] = atomsOf(box);
      } else {
        atoms[box.getAttribute("data-code")] = [];
      }
    });
    var field = form.querySelector('input[name="shown"]');
    if (field) { field.value = shown.join(" "); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.survey-form[data-prior]");
    if (!form) { return; }
    form.addEventListener("change", function () { update(form); });
    form.addEventListener("input", function () { update(form); });
    update(form);
  });
})();
