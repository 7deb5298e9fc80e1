/* The citizens' board: live posts, supports and the fate of one's own posts. */
(function () {
  "use strict";
  var P = window.Parkbank;
  var board = document.getElementById("board");
  if (!board || !window.io) return;
  var text = P.readJSON("board-text");
  var consultation = board.getAttribute("data-consultation");
  var lastEventId = Number(board.getAttribute("data-last-event-id")) || 0;
  var firstPage = board.getAttribute("data-page") === "1";
  var posts = document.getElementById("posts");

  function article(id) { return document.getElementById("inlagg-" + id); }

  var handlers = {
    post_published: function (data) {
      var post = data.post;
      if (article(post.id)) return;
      if (post.parent_id) {
        var parent = article(post.parent_id);
        if (!parent) return;
        var reply = P.fromTemplate("reply-template", post, text);
        parent.querySelector(".replies").appendChild(reply);
        prepareForms(reply);
      } else {
        if (!firstPage) return;
        var empty = posts.querySelector(".empty");
        if (empty) empty.remove();
        var item = document.createElement("li");
        item.appendChild(P.fromTemplate("post-template", post, text));
        posts.insertBefore(item, posts.firstChild);
        prepareForms(item);
      }
      P.announce(text.published);
    },
    post_withdrawn: function (data) {
      var node = article(data.post_id);
      if (!node) return;
      node.parentNode.remove();
      P.announce(text.withdrawn);
    },
    support_changed: function (data) {
      var node = article(data.post_id);
      if (!node) return;
      node.querySelector(".support [data-field=support_count]").textContent = data.count;
    }
  };

  function handle(name, data) {
    if (typeof data.event_id === "number") {
      if (data.event_id <= lastEventId) return;  // seen already (catch-up and push can overlap)
      lastEventId = data.event_id;
    }
    if (handlers[name]) handlers[name](data);
  }

  function ownDecided(data) {
    var item = document.querySelector('[data-own-post-id="' + data.id + '"]');
    if (item) {
      var status = item.querySelector(".own-status");
      status.textContent = text.status[data.status] || data.status;
      status.className = "own-status status-" + data.status;
      var reason = item.querySelector(".own-reason");
      if (data.reason) {
        if (!reason) { reason = document.createElement("span"); reason.className = "own-reason"; item.appendChild(reason); }
        reason.textContent = " (" + (text.reasons[data.reason] || data.reason) + ")";
      }
    }
    var message = text["own_" + data.status] || "";
    if (data.reason) message += " " + (text.reasons[data.reason] || "");
    P.announce(message);
  }

  function prepareForms(root) {
    root.querySelectorAll("input.submission-key").forEach(function (input) {
      if (!input.value && window.crypto && crypto.randomUUID) input.value = crypto.randomUUID();
    });
    root.querySelectorAll("form.post-form").forEach(function (form) {
      form.addEventListener("submit", function () {
        var button = form.querySelector("button[type=submit]");
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
    root.querySelectorAll("form.support-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button");
        P.sendForm(form).then(function (result) {
          if (result.status === 200) {
            button.setAttribute("aria-pressed", "true");
            button.querySelector("[data-field=support_count]").textContent = result.body.support_count;
          } else if (result.body.message) {
            P.announce(result.body.message);
          }
        });
      });
    });
  }

  prepareForms(document);

  var socket = P.connect(function (sock) {
    sock.emit("join_board", { consultation: consultation, after: lastEventId }, function (ack) {
      if (!ack || !ack.ok) return;
      if (ack.resync) { window.location.reload(); return; }
      ack.events.forEach(function (e) { handle(e.event, e.data); });
    });
  }, text);
  ["post_published", "post_withdrawn", "support_changed"].forEach(function (name) {
    socket.on(name, function (data) { handle(name, data); });
  });
  socket.on("own_post_decided", ownDecided);
})();
