/* The moderation queue: new posts arrive live; decisions are sent without reloading. */
(function () {
  "use strict";
  var P = window.Parkbank;
  var page = document.getElementById("queue-page");
  if (!page || !window.io) return;
  var text = P.readJSON("queue-text");
  var consultation = page.getAttribute("data-consultation");
  var newestPublished = page.getAttribute("data-published-page") === "1";
  var queue = document.getElementById("queue");
  var published = document.getElementById("published");
  // The title without the leading "(3) ": updateCount() puts the current number in front.
  var baseTitle = document.title.replace(/^\([\d\s\u00a0\u202f.,]+\)\s/, "");
  var mine = {};  // posts this moderator just decided: no "decided by someone else" message

  function item(id) { return document.getElementById("ko-" + id); }

  function updateCount() {
    var n = queue.querySelectorAll(".queue-item:not(.decided)").length;
    document.getElementById("pending-count").textContent = P.formatNumber(n);
    document.getElementById("queue-empty").hidden = queue.querySelector(".queue-item") !== null;
    document.title = (n > 0 ? "(" + P.formatNumber(n) + ") " : "") + baseTitle;
  }

  /* The idea a reply answers, as plain text (a 200-character excerpt from the server). */
  function showParent(node, parent) {
    var box = node.querySelector(".parent-excerpt");
    if (!box || !parent) return;
    box.querySelector(".parent-body").textContent = parent.body + (parent.body.length >= 200 ? "…" : "");
    box.hidden = false;
  }

  function add(post, quiet) {
    if (item(post.id)) return;
    var node = P.fromTemplate("queue-item-template", post, text);
    showParent(node, post.parent);
    queue.appendChild(node);
    wire(node);
    updateCount();
    if (!quiet) P.announce(text.new_post);
  }

  /* An approved post joins "Published" at once, with its own "Remove" form. */
  function publish(queueItem) {
    var id = queueItem.getAttribute("data-post-id");
    if (!newestPublished || published.querySelector('[data-post-id="' + id + '"]')) return;
    var isReply = !queueItem.querySelector("[data-field=reply_marker]").hidden;
    var node = P.fromTemplate("published-item-template", {
      id: id, parent_id: isReply ? 1 : null,
      body_html: queueItem.querySelector("[data-field=body_html]").innerHTML  // the server's HTML
    }, text);
    published.insertBefore(node, published.firstChild);
    wire(node);
  }

  function conflictText(decision) {
    var template = (text.decided_by_other || {})[decision.action];
    if (!template || !decision.decided_by) return decision.message || text.error;
    return template.replace("{name}", decision.decided_by)
      .replace("{when}", P.formatTime(decision.decided_at));
  }

  /* A decided post can take no second decision. A keyboard user's focus goes to the message
     (which cannot decide anything; Enter pressed again does nothing), and when the post leaves,
     to its section's heading: never to the next post's buttons. */
  function settle(node, message, words) {
    node.classList.add("decided");
    message.textContent = words;
    if (node.contains(document.activeElement)) {
      message.setAttribute("tabindex", "-1");
      message.focus();
    } else {
      P.announce(words);
    }
    node.querySelectorAll("button, select, input").forEach(function (el) { el.disabled = true; });
    updateCount();
    window.setTimeout(function () {
      var hadFocus = node.contains(document.activeElement);
      var heading = node.closest("section").querySelector("h2");
      node.remove();
      updateCount();
      if (hadFocus) heading.focus();
    }, 4000);
  }

  function wire(root) {
    root.querySelectorAll("form.decision-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var holder = form.closest("[data-post-id]");
        // One decision per post: a repeat (Enter pressed twice) while it is sent does nothing.
        if (form.getAttribute("aria-busy") === "true" || holder.classList.contains("decided")) return;
        form.setAttribute("aria-busy", "true");
        var message = holder.querySelector(".decision-message");
        var id = holder.getAttribute("data-post-id");
        mine[id] = true;
        P.sendForm(form).then(function (result) {
          form.removeAttribute("aria-busy");
          if (result.status === 200) {
            if (result.body.status === "approved") publish(holder);
            settle(holder, message, text.decided + " " + (text.status[result.body.status] || ""));
          } else if (result.status === 409) {
            settle(holder, message, conflictText(result.body));
          } else {
            delete mine[id];
            message.textContent = result.body.message || text.error;
            P.announce(message.textContent);
          }
        }).catch(function () {
          form.removeAttribute("aria-busy");
          delete mine[id];
          message.textContent = text.error;
        });
      });
    });
  }

  wire(document);

  var attempt = 0, retryTimer = null;
  function joinQueue(sock) {
    // Only posts shown before this join may be swept: one pushed meanwhile is newer than the ack.
    var shownBefore = Array.prototype.slice.call(queue.querySelectorAll(".queue-item:not(.decided)"));
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
    if (mine[data.id]) return;
    if (data.status === "withdrawn") {
      var shown = published.querySelector('[data-post-id="' + data.id + '"]');
      if (shown && !shown.classList.contains("decided")) {
        settle(shown, shown.querySelector(".decision-message"), conflictText(data));
      }
    }
    var node = item(data.id);
    if (!node || node.classList.contains("decided")) return;
    if (data.status === "approved") publish(node);
    settle(node, node.querySelector(".decision-message"), conflictText(data));
  });
})();
