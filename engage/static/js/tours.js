// Listening-tour note taking: autosave, drafts kept in this browser, conflicts, shortcuts.
// Progressive enhancement: without this file the "Save notes" button and the quote, code
// and follow-up forms do everything. All text is inserted with textContent, never as HTML.
(function () {
  "use strict";

  var form = document.getElementById("notes-form");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-autosave-url");
  var sessionId = form.getAttribute("data-session-id");
  var status = document.getElementById("autosave-status");
  var csrf = form.querySelector('input[name="csrf_token"]').value;
  var areas = Array.prototype.slice.call(form.querySelectorAll("textarea.note__text"));
  var saved = {};       // note id -> text the server has
  var conflicted = {};  // note id -> true while a conflict waits for a decision
  var timer = null, saving = false, again = false, lastArea = null;
  var DELAY = 1500;

  function idOf(area) { return area.id.slice("note-".length); }
  function areaOf(id) { return document.getElementById("note-" + id); }
  function versionInput(area) { return form.querySelector('input[name="version-' + idOf(area) + '"]'); }
  function version(area) { return parseInt(versionInput(area).value, 10); }
  function key(area) { return "engage.tours.draft." + sessionId + "." + idOf(area); }
  function say(message) { status.textContent = message; }

  function store(area) {
    try {
      localStorage.setItem(key(area), JSON.stringify({ text: area.value, version: version(area), at: Date.now() }));
    } catch (e) { say("This browser cannot keep drafts (storage full or blocked); save often."); }
  }
  function draft(area) {
    try { return JSON.parse(localStorage.getItem(key(area)) || "null"); } catch (e) { return null; }
  }
  function drop(area) { try { localStorage.removeItem(key(area)); } catch (e) { /* nothing kept */ } }

  function notice(area) {
    var box = area.parentNode.querySelector(".draft-notice");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    box.hidden = false;
    box.setAttribute("role", "alert");
    return box;
  }
  function clearNotice(area) {
    var box = area.parentNode.querySelector(".draft-notice");
    box.hidden = true;
    while (box.firstChild) { box.removeChild(box.firstChild); }
  }
  function add(parent, tag, text, className) {
    var el = document.createElement(tag);
    if (text) { el.textContent = text; }
    if (className) { el.className = className; }
    parent.appendChild(el);
    return el;
  }
  function button(parent, label, onClick) {
    var b = add(parent, "button", label, "button button--secondary");
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function showConflict(area, theirs, intro) {
    var id = idOf(area);
    conflicted[id] = true;
    var box = notice(area);
    add(box, "p", intro, "error-message");
    add(box, "pre", theirs.text, "conflict__theirs");
    button(box, "Keep my text (replace theirs)", function () {
      versionInput(area).value = theirs.version;
      delete conflicted[id];
      clearNotice(area);
      store(area);
      save();
    });
    button(box, "Use their text (discard mine)", function () {
      area.value = theirs.text;
      saved[id] = theirs.text;
      versionInput(area).value = theirs.version;
      delete conflicted[id];
      drop(area);
      clearNotice(area);
    });
  }

  function changedAreas() {
    return areas.filter(function (a) { return a.value !== saved[idOf(a)] && !conflicted[idOf(a)]; });
  }

  function handle(reply, sent) {
    var data = reply.data;
    Object.keys(data.saved || {}).forEach(function (id) {
      var area = areaOf(id);
      versionInput(area).value = data.saved[id];
      if (id in sent) { saved[id] = sent[id]; }
      if (area.value === saved[id]) { drop(area); } else { store(area); }
    });
    Object.keys(data.conflicts || {}).forEach(function (id) {
      showConflict(areaOf(id), data.conflicts[id],
        "Someone else saved this note while you were writing. Your text is still in the box and kept in this browser. Their saved text:");
    });
    Object.keys(data.errors || {}).forEach(function (id) {
      add(notice(areaOf(id)), "p", data.errors[id], "error-message");
    });
    if (reply.ok) {
      say("All changes saved at " + new Date().toLocaleTimeString() + ".");
    } else {
      say("Some notes were not saved; see the message next to them. Your text is kept in this browser.");
    }
    return reply.ok;
  }

  function save() {
    if (saving) { again = true; return Promise.resolve(false); }
    var changed = changedAreas();
    if (!changed.length) { return Promise.resolve(true); }
    var sent = {};
    var notes = changed.map(function (a) {
      sent[idOf(a)] = a.value;
      return { id: parseInt(idOf(a), 10), text: a.value, version: version(a) };
    });
    saving = true;
    say("Saving…");
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ notes: notes })
    })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (reply) { return handle(reply, sent); })
      .catch(function () {
        changed.forEach(store);
        say("Not saved: the server could not be reached. Your notes are kept in this browser and will be saved when the connection is back.");
        return false;
      })
      .then(function (ok) {
        saving = false;
        if (again) { again = false; schedule(); }
        return ok;
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY);
  }

  function recover(area) {
    var id = idOf(area), kept = draft(area);
    saved[id] = area.value;
    if (!kept || kept.text === area.value) { drop(area); return; }
    if (kept.version === version(area)) {
      area.value = kept.text;
      add(notice(area), "p", "Recovered text from this browser that had not reached the server; saving it now.");
      schedule();
      return;
    }
    var theirs = { text: area.value, version: version(area) };
    area.value = kept.text;
    showConflict(area, theirs,
      "This browser kept a draft of this note, but the note was saved elsewhere since. Your draft is in the box; the saved text is:");
  }

  function selectionTarget(prefix) {
    var area = document.activeElement && areas.indexOf(document.activeElement) !== -1 ? document.activeElement : lastArea;
    if (!area || area.selectionStart === area.selectionEnd) {
      say("Select some text in a note first.");
      return;
    }
    var start = area.selectionStart, end = area.selectionEnd, text = area.value.slice(start, end);
    save().then(function (ok) {
      if (!ok && changedAreas().indexOf(area) !== -1) {
        say("Save the note before marking text: the selection must match the saved note.");
        return;
      }
      document.getElementById(prefix + "-note_id").value = idOf(area);
      document.getElementById(prefix + "-start").value = start;
      document.getElementById(prefix + "-end").value = end;
      document.getElementById(prefix + "-exact").value = text;
      var next = document.getElementById(prefix === "quote" ? "quote-speaker_role" : "code-code_id");
      next.scrollIntoView({ block: "center" });
      next.focus();
      say(prefix === "quote" ? "Selection copied to the quote form." : "Selection copied to the coding form.");
    });
  }

  areas.forEach(function (area) {
    recover(area);
    area.addEventListener("input", function () { store(area); schedule(); });
    area.addEventListener("focus", function () { lastArea = area; });
  });

  var tools = document.createElement("p");
  tools.className = "note-tools";
  button(tools, "Mark selected text as a quote (Alt+Q)", function () { selectionTarget("quote"); });
  button(tools, "Code selected text (Alt+K)", function () { selectionTarget("code"); });
  form.insertBefore(tools, form.querySelector("button[type=submit]"));

  document.addEventListener("keydown", function (event) {
    var k = (event.key || "").toLowerCase();
    if ((event.ctrlKey || event.metaKey) && k === "s") {
      event.preventDefault();
      window.clearTimeout(timer);
      save();
    } else if (event.altKey && (k === "q" || event.code === "KeyQ")) {
      event.preventDefault();
      selectionTarget("quote");
    } else if (event.altKey && (k === "k" || event.code === "KeyK")) {
      event.preventDefault();
      selectionTarget("code");
    }
  });
  window.addEventListener("online", function () { save(); });
  window.addEventListener("beforeunload", function () { changedAreas().forEach(store); });
}());
