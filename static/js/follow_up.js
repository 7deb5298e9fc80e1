/* The follow-up page (/samrad/<slug>/vad-hande) stays current: when an idea's outcome changes
   (post_outcome, parkbank/live/protocol.py), or an idea or reply is published, withdrawn or
   redacted (post_updated: a redacted text must not stay on an open screen), the ideas and figures
   are read again from the server and put in place, so the grouping is the server's own. */
(function () {
  "use strict";
  var P = window.Parkbank;
  var root = document.getElementById("follow-up");
  if (!root || !P) return;
  var text = P.readJSON("board-text");
  var pending = null;

  function reload() {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html");
          ["follow-up-ideas", "figures-heading"].forEach(function (id) {
            var now = document.getElementById(id), next = fresh.getElementById(id);
            if (id === "figures-heading") { now = now && now.parentNode; next = next && next.parentNode; }
            if (now && next) now.replaceWith(document.importNode(next, true));
          });
          P.announce(text.outcome_changed);
        });
    }, 300);
  }

  P.followBoard({
    consultation: root.getAttribute("data-consultation"),
    lastEventId: Number(root.getAttribute("data-last-event-id")) || 0,
    handlers: { post_outcome: reload, post_withdrawn: reload, post_published: reload, post_updated: reload },
    text: text
  });
})();
