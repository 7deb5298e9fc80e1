/* Similar ideas while writing: after a pause in typing, the approved ideas that say much the same
   (GET /samrad/<slug>/liknande) are listed below the form, each with its "Agree instead" button
   (board-forms.js sends it). The list is told politely (aria-live) and never takes the focus.
   A form sent from a page that could show them skips the server's similar-ideas step. */
(function () {
  "use strict";
  var P = window.Parkbank;
  var region = document.getElementById("similar-ideas");
  var form = document.getElementById("post-form");
  if (!P || !region || !form) return;
  var body = form.querySelector("textarea[name=body]");
  var list = document.getElementById("similar-list");
  var status = document.getElementById("similar-status");
  var template = document.getElementById("similar-template");
  var text = P.readJSON("board-text");
  var PAUSE = 600, MIN = 12, MAX = 2000;
  var timer = null, asked = "", latest = 0;

  var skip = document.createElement("input");
  skip.type = "hidden";
  skip.name = "skip_similar";
  skip.value = "1";
  form.appendChild(skip);

  function item(found) {
    var node = template.content.firstElementChild.cloneNode(true);
    node.setAttribute("data-post-id", String(found.id));
    var support = node.querySelector("form.support-form");
    support.setAttribute("action", support.getAttribute("action").replace(/\/inlagg\/0\//, "/inlagg/" + found.id + "/"));
    node.querySelector("[data-field=body]").textContent = found.body;
    node.querySelector("[data-field=support_count]").textContent = P.formatNumber(found.supports);
    return node;
  }

  function show(similar) {
    var before = Array.prototype.map.call(list.children, function (li) { return li.getAttribute("data-post-id"); });
    var now = similar.map(function (found) { return String(found.id); });
    if (before.join() === now.join()) return;  // the same ideas: leave them (and any note) alone
    list.replaceChildren.apply(list, similar.map(item));
    region.hidden = similar.length === 0;
    status.textContent = similar.length === 0 ? ""
      : similar.length === 1 ? text.similar_one
      : text.similar_found.replace("{count}", P.formatNumber(similar.length));
  }

  function ask() {
    var value = body.value.trim().slice(0, MAX);
    // Cut between the halves of a character outside the BMP (an emoji): drop the lone half,
    // which encodeURIComponent refuses (URIError).
    if (/[\uD800-\uDBFF]$/.test(value)) value = value.slice(0, -1);
    if (value === asked) return;
    asked = value;
    if (value.length < MIN) { show([]); return; }
    var mine = ++latest;
    fetch(region.getAttribute("data-url") + "?text=" + encodeURIComponent(value),
          { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (mine !== latest || !answer) return;  // an older answer, or none: keep what is shown
        show(answer.similar || []);
      })
      .catch(function () { /* offline: nothing to suggest */ });
  }

  body.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, PAUSE);
  });
})();
