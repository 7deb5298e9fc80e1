/* The public meeting screen: public posts arrive, change and vanish live, newest on top, and no
   more than data-limit are kept (a screen runs for hours). No controls: nothing here listens to
   the keyboard or the mouse. live.js owns the connection, event order and catch-up. */
(function () {
  "use strict";
  var P = window.Parkbank;
  var screen = document.getElementById("projector");
  if (!screen || !window.io) return;
  var text = P.readJSON("projector-text");
  var list = document.getElementById("screen-posts");
  var limit = Number(screen.getAttribute("data-limit")) || 30;
  var HIGHLIGHT_MS = 12000;  // as long as the arrival's highlight lasts (parkbank.css)

  function item(id) { return list.querySelector(':scope > li[data-post-id="' + id + '"]'); }

  function showSupport(node, count) {
    var holder = node.querySelector("[data-support]");
    holder.querySelector("[data-field=support_count]").textContent = P.formatNumber(count);
    holder.hidden = !count;
  }

  function fillItem(node, post) {
    P.fill(node, post, text);
    node.setAttribute("data-parent-id", post.parent_id || "");
    showSupport(node, post.support_count);
  }

  function remove(node) {
    if (node) node.remove();
    if (!list.querySelector(":scope > li[data-post-id]") && !list.querySelector(".empty")) {
      var empty = document.createElement("li");
      empty.className = "pb-screen__empty empty";
      empty.textContent = text.empty;
      list.appendChild(empty);
    }
  }

  var handlers = {
    post_published: function (data) {
      if (item(data.post.id)) return;
      var node = P.fromTemplate("screen-post-template", data.post, text);
      fillItem(node, data.post);
      var empty = list.querySelector(".empty");
      if (empty) empty.remove();
      node.classList.add("pb-new");  // a gentle highlight that fades
      window.setTimeout(function () { node.classList.remove("pb-new"); }, HIGHLIGHT_MS);
      list.insertBefore(node, list.firstChild);
      var cards = list.querySelectorAll(":scope > li[data-post-id]");
      for (var i = limit; i < cards.length; i++) cards[i].remove();  // the oldest drop off
      P.announce(text.published);
    },
    post_updated: function (data) {
      var node = item(data.post.id);
      if (node) fillItem(node, data.post);
    },
    /* Gone at once; an idea's replies go with it (they are no longer public either). */
    post_withdrawn: function (data) {
      list.querySelectorAll(':scope > li[data-parent-id="' + data.post_id + '"]').forEach(remove);
      remove(item(data.post_id));
    },
    support_changed: function (data) {
      var node = item(data.post_id);
      if (node) showSupport(node, data.count);
    },
    /* Opened, paused or closed: the page is built anew (its words under the code change). */
    consultation_status: function () {
      P.announce(text.status_changed);
      window.setTimeout(function () { window.location.reload(); }, 1500);
    }
  };

  P.keepTimesCurrent(text.just_now);
  P.followBoard({
    consultation: screen.getAttribute("data-consultation"),
    lastEventId: Number(screen.getAttribute("data-last-event-id")) || 0,
    handlers: handlers,
    text: text
  });
})();
