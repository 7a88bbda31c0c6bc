// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function pollJob(box) {
    var url = box.getAttribute("data-job-status-url");
    var field = function (name) { return box.querySelector('[data-job-field="' + name + '"]'); };
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          document.getElementById("job-progress").value = job.progress;
          field("progress").textContent = job.progress;
          field("status").textContent = job.status;
          field("message").textContent = job.message;
          if (job.error) {
            field("error").textContent = job.error;
            field("error-box").hidden = false;
          }
          if (job.done) { window.location.reload(); } else { window.setTimeout(tick, 1000); }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    window.setTimeout(tick, 1000);
  }

  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var job = document.querySelector("[data-job-status-url]");
    if (job && job.getAttribute("data-done") === "false") { pollJob(job); }
    focusErrorSummary();
  });
})();
