// Live progress of an analysis run. Progressive enhancement: the page works without it.
(function () {
  "use strict";

  function poll(box) {
    var url = box.getAttribute("data-run-status-url");
    var field = function (name) { return box.querySelector('[data-run-field="' + name + '"]'); };
    function show(run) {
      document.getElementById("run-progress").value = run.progress;
      field("progress").textContent = run.progress;
      field("status").textContent = run.status;
      field("message").textContent = run.message;
      Object.keys(run.stages || {}).forEach(function (name) {
        var item = box.querySelector('[data-stage="' + name + '"]');
        if (item) {
          item.className = "stage stage--" + run.stages[name];
          item.querySelector("span").textContent = run.stages[name];
        }
      });
      if (run.error) {
        field("error").textContent = run.error;
        field("error-box").hidden = false;
      }
    }
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (run) {
          show(run);
          if (run.done) { window.location.reload(); } else { window.setTimeout(tick, 1000); }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    window.setTimeout(tick, 500);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-run-status-url]");
    if (box && box.getAttribute("data-done") === "false") { poll(box); }
  });
})();
