/* The export page: follows each running export without reloading. Every 1.5 s it asks the job's
   JSON ({status, progress, download, error, label}) and fills the row's <progress>, its status text
   (aria-live) and, when the file is ready, the download link. Without script the row's "Update"
   link reloads the page. */
(function () {
  "use strict";
  var INTERVAL = 1500;
  var dataBlock = document.getElementById("export-text");
  var text = dataBlock ? JSON.parse(dataBlock.textContent) : {statuses: {}};

  function follow(row) {
    var url = row.getAttribute("data-status-url");
    var bar = row.querySelector("progress");
    var label = row.querySelector("[data-field=label]");
    var error = row.querySelector("[data-field=error]");
    var cell = row.querySelector("[data-field=download]");
    var refresh = row.querySelector(".pb-export-refresh");
    if (refresh) refresh.hidden = true;

    function show(state) {
      row.setAttribute("data-status", state.status);
      bar.value = state.progress;
      var running = state.status === "queued" || state.status === "running";
      bar.hidden = !running;
      var said = state.label || text.statuses[state.status] || state.status;
      if (running) said += " (" + state.progress + " %)";
      if (label.textContent !== said) label.textContent = said;
      if (state.error) {
        error.textContent = state.error;
        error.hidden = false;
      }
      if (state.download) {
        var link = document.createElement("a");
        link.className = "ds-link";
        link.href = state.download;
        link.setAttribute("download", "");
        link.textContent = text.download;
        cell.replaceChildren(link);
      } else if (!running) {
        cell.textContent = "–";
      }
      return running;
    }

    function poll() {
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (state) {
          if (show(state)) window.setTimeout(poll, INTERVAL);
        })
        .catch(function () {
          // A lost answer or a restart: try again a little later; the link reloads by hand.
          if (refresh) refresh.hidden = false;
          window.setTimeout(poll, INTERVAL * 4);
        });
    }
    window.setTimeout(poll, INTERVAL);
  }

  document.querySelectorAll(".pb-export-job[data-status-url]").forEach(follow);
})();
