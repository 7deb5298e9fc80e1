/* The moderation queue: new posts arrive live; decisions are sent without reloading. */
(function () {
  "use strict";
  var P = window.Parkbank;
  var page = document.getElementById("queue-page");
  if (!page || !window.io) return;
  var text = P.readJSON("queue-text");
  var consultation = page.getAttribute("data-consultation");
  var queue = document.getElementById("queue");
  var mine = {};  // posts this moderator just decided: no "decided by someone else" message

  function item(id) { return document.getElementById("ko-" + id); }

  function updateCount() {
    var n = queue.querySelectorAll(".queue-item").length;
    document.getElementById("pending-count").textContent = n;
    document.getElementById("queue-empty").hidden = n > 0;
  }

  function add(post, quiet) {
    if (item(post.id)) return;
    var node = P.fromTemplate("queue-item-template", post, text);
    queue.appendChild(node);
    wire(node);
    updateCount();
    if (!quiet) P.announce(text.new_post);
  }

  /* Keyboard users keep their place: focus moves on to the next post, or to the heading. */
  function moveFocusFrom(node) {
    if (!node.contains(document.activeElement)) return;
    var next = node.nextElementSibling || node.previousElementSibling;
    var target = next && next.querySelector("button:not([disabled])");
    if (!target) {
      target = document.getElementById("pending-heading");
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  function removeLater(node) {
    moveFocusFrom(node);
    node.querySelectorAll("button, select, input").forEach(function (el) { el.disabled = true; });
    window.setTimeout(function () { node.remove(); updateCount(); }, 4000);
  }

  function wire(root) {
    root.querySelectorAll("form.decision-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var holder = form.closest("[data-post-id]");
        var message = holder.querySelector(".decision-message");
        var id = holder.getAttribute("data-post-id");
        mine[id] = true;
        P.sendForm(form).then(function (result) {
          if (result.status === 200) {
            message.textContent = text.decided + " " + (text.status[result.body.status] || "");
            removeLater(holder);
          } else {
            message.textContent = result.body.message || text.error;
            if (result.status === 409) removeLater(holder);
          }
          P.announce(message.textContent);
        }).catch(function () { message.textContent = text.error; });
      });
    });
  }

  wire(document);

  var attempt = 0, retryTimer = null;
  function joinQueue(sock) {
    // Only posts shown before this join may be swept: one pushed meanwhile is newer than the ack.
    var shownBefore = Array.prototype.slice.call(queue.querySelectorAll(".queue-item"));
    window.clearTimeout(retryTimer);
    P.request(sock, "join_queue", { consultation: consultation }, 8000, function (ack) {
      if (!ack.ok) {
        if (ack.error === "busy" || ack.error === "timeout" || ack.error === "too_many_requests") {
          retryTimer = window.setTimeout(function () { joinQueue(sock); }, P.backoff(attempt++));
        }
        return;
      }
      attempt = 0;
      var stillPending = {};
      ack.pending.forEach(function (post) { stillPending[post.id] = true; add(post, true); });
      // Decided while this page was offline: drop quietly (the server is the source of truth).
      shownBefore.forEach(function (node) {
        if (!stillPending[node.getAttribute("data-post-id")]) node.remove();
      });
      updateCount();
    });
  }
  var socket = P.connect(joinQueue, text);
  socket.on("post_submitted", function (data) { add(data.post, false); });
  socket.on("post_decided", function (data) {
    if (data.status === "withdrawn") {
      var published = document.querySelector('#published [data-post-id="' + data.id + '"]');
      if (published && !mine[data.id]) removeLater(published);
    }
    var node = item(data.id);
    if (!node || mine[data.id]) return;
    var message = text.decided_by_other.replace("{name}", data.decided_by);
    node.querySelector(".decision-message").textContent = message;
    P.announce(message);
    removeLater(node);
  });
})();
