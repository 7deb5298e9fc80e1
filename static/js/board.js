/* The citizens' board: live posts, supports and the fate of one's own posts. */
(function () {
  "use strict";
  var P = window.Parkbank;
  var board = document.getElementById("board");
  if (!board || !window.io) return;
  var text = P.readJSON("board-text");
  var consultation = board.getAttribute("data-consultation");
  var firstPage = board.getAttribute("data-page") === "1";
  var posts = document.getElementById("posts");
  var ideaCount = document.querySelector("#posts-heading .count");
  var total = Number(board.getAttribute("data-total")) || 0;
  // A board filtered by a theme (?tema=) shows only that theme's ideas, as they enter and leave it.
  var theme = board.getAttribute("data-theme");
  var themeList = document.getElementById("theme-list");

  function inTheme(post) {
    return !theme || (post.themes || []).some(function (t) { return t.slug === theme; });
  }

  /* An idea that is new to this board: at the top (it is the newest), on the first page only. */
  function showIdea(post) {
    setTotal(total + 1);
    if (!firstPage) return null;
    var empty = posts.querySelector(".empty");
    if (empty) empty.remove();
    var item = document.createElement("li");
    item.className = "pb-new";  // a gentle highlight that fades (parkbank.css)
    item.appendChild(P.fromTemplate("post-template", post, text));
    posts.insertBefore(item, posts.firstChild);
    prepareForms(item);
    return item;
  }

  function dropIdea(node) {
    node.parentNode.remove();
    setTotal(Math.max(0, total - 1));
  }

  /* The theme filter as the server tells it (theme_counts): every active theme, in order, with
     its number of published ideas. Built anew each time, with names as plain text. */
  function showThemes(themes) {
    var nav = document.getElementById("theme-filter");
    if (!nav || !themeList) return;
    var base = nav.getAttribute("data-href");
    // A theme's link that has the focus (a keyboard user going through the filter) has it again.
    var active = document.activeElement;
    var focused = themeList.contains(active) ? active.getAttribute("data-theme") : null;
    while (themeList.children.length > 1) themeList.removeChild(themeList.lastChild);  // keeps "All"
    themes.forEach(function (t) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "pb-theme-link";
      link.href = base + "?tema=" + encodeURIComponent(t.slug);
      link.setAttribute("data-theme", t.slug);
      if (t.slug === theme) link.setAttribute("aria-current", "page");
      var name = document.createElement("span");
      name.textContent = t.name;
      var count = document.createElement("span");
      count.className = "count";
      count.setAttribute("data-count", "");
      count.textContent = "(" + P.formatNumber(t.count) + ")";
      link.appendChild(name);
      link.appendChild(document.createTextNode(" "));
      link.appendChild(count);
      item.appendChild(link);
      themeList.appendChild(item);
    });
    nav.hidden = themes.length === 0;
    var again = focused && themeList.querySelector('a[data-theme="' + CSS.escape(focused) + '"]');
    if (again) again.focus();
  }

  function setTotal(n) {
    total = n;
    ideaCount.textContent = "(" + P.formatNumber(n) + ")";
    if (n === 0 && !posts.querySelector(".post")) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = text.empty;
      posts.appendChild(empty);
    }
  }

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
        if (!inTheme(post)) return;  // another theme's idea: not on this filtered board
        showIdea(post);
      }
      P.announce(text.published);
    },
    /* A published idea's themes changed: its theme links are filled again; on a board filtered
       by a theme, an idea that enters it is shown and one that leaves it goes. */
    post_themes: function (data) {
      var post = data.post;
      var node = article(post.id);
      if (node && !inTheme(post)) {
        dropIdea(node);
        P.announce(text.left_theme);
      } else if (node) {
        P.refill(node, post, text);
      } else if (theme && inTheme(post)) {
        showIdea(post);
        P.announce(text.entered_theme);
      }
    },
    /* A published idea's outcome changed (parkbank/outcomes): its outcome line is filled again. */
    post_outcome: function (data) {
      var node = article(data.post.id);
      if (!node) return;
      P.refill(node, data.post, text);
      P.announce(text.outcome_changed);
    },
    theme_counts: function (data) {
      showThemes(data.themes);
      // Filtered by a theme, the heading counts that theme's ideas, those on later pages too.
      data.themes.forEach(function (t) { if (t.slug === theme && t.count !== total) setTotal(t.count); });
    },
    /* A public post changed in place (a passage redacted, a mark set): its text and fields are
       filled again from the event; its replies, supports and forms stay as they are. */
    post_updated: function (data) {
      var node = article(data.post.id);
      if (!node) return;
      P.refill(node, data.post, text);
    },
    post_withdrawn: function (data) {
      var node = article(data.post_id);
      if (!node) return;
      var wasIdea = !node.classList.contains("reply");
      node.parentNode.remove();
      if (wasIdea) setTotal(Math.max(0, total - 1));
      P.announce(text.withdrawn);
    },
    /* Opened, paused or closed: the page is built anew for the new status (a text being written
       is kept: keepDraft below holds it in this tab). */
    consultation_status: function () {
      P.announce(text.status_changed);
      window.setTimeout(function () { window.location.reload(); }, 1500);
    },
    support_changed: function (data) {
      var node = article(data.post_id);
      if (!node) return;
      node.querySelector(":scope > .post-actions > .support-box [data-field=support_count]").textContent =
        P.formatNumber(data.count);
    }
  };

  function ownDecided(data) {
    var item = document.querySelector('[data-own-post-id="' + data.id + '"]');
    if (item) {
      if (item.getAttribute("data-status") === data.status) return;  // known already
      item.setAttribute("data-status", data.status);
      var status = item.querySelector(".own-status");
      status.textContent = text.status[data.status] || data.status;
      status.className = "own-status status-" + data.status;
      var reason = item.querySelector(".own-reason");
      if (data.reason) {
        if (!reason) { reason = document.createElement("span"); reason.className = "own-reason"; item.appendChild(reason); }
        reason.textContent = " (" + (text.reasons[data.reason] || data.reason) + ")";
      }
      if (data.duplicate_of && !item.querySelector(".own-original")) {
        // Rejected as a duplicate: a link to the original on the board, to agree with it there.
        var link = document.createElement("a");
        link.className = "ds-link own-original";
        link.href = board.getAttribute("data-board-url") + "?sida=" + encodeURIComponent(data.duplicate_of.page) +
          "#inlagg-" + encodeURIComponent(data.duplicate_of.id);
        link.textContent = text.own_original;
        item.appendChild(document.createTextNode(" "));
        item.appendChild(link);
      }
    }
    var message = text["own_" + data.status] || "";
    if (data.reason) message += " " + (text.reasons[data.reason] || "");
    if (data.duplicate_of) message += " " + text.own_original;
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
  }

  /* "Report": the link opens the page's one report form in place of itself (the form is in a
     <template>, not repeated under every post); without script the link leads to its page. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.pb-report-open");
    if (!link) return;
    var holder = link.closest("[data-post-id]");
    if (!holder) return;
    event.preventDefault();
    var form = P.fromTemplate("report-template", {id: holder.getAttribute("data-post-id")}, text);
    link.replaceWith(form);
    form.querySelector("select").focus();
  });

  /* "Report": sent without leaving the page; the answer (received, or reported already) is
     read out where the form is. Without script the form posts and the page says the same. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("report-form")) return;
    event.preventDefault();
    var message = form.querySelector(".report-message");
    var button = form.querySelector("button[type=submit]");
    if (!form.reportValidity()) return;
    button.disabled = true;
    P.sendForm(form).then(function (result) {
      if (result.status === 200 || result.status === 201) {
        message.textContent = result.body.message;
        form.querySelectorAll("select, input:not([type=hidden])").forEach(function (el) { el.disabled = true; });
      } else {
        button.disabled = false;
        message.textContent = result.body.message || text.report_failed;
      }
    }).catch(function () {
      button.disabled = false;
      message.textContent = text.report_failed;
    });
  });

  prepareForms(document);
  keepDraft(document.getElementById("post-form"));
  writeButton();
  P.keepTimesCurrent(text.just_now);

  /* Writing is one button that opens the form; without script the form is simply there. It
     stays open when the server sent it back with errors or a draft is waiting. */
  function writeButton() {
    var button = document.getElementById("write-open");
    var panel = document.getElementById("write-panel");
    if (!button || !panel) return;
    var body = panel.querySelector("textarea[name=body]");
    if (button.getAttribute("data-open") === "true" || body.value) return;
    button.hidden = false;
    panel.hidden = true;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
      if (open) body.focus();
    });
  }

  /* Keep the idea being written in this tab's sessionStorage until it has been sent, so a lost
     connection or a failed send loses nothing. Session storage ends with the tab (shared screens). */
  function keepDraft(form) {
    if (!form || !window.sessionStorage) return;
    var key = "parkbank-draft:" + consultation;
    var body = form.querySelector("textarea[name=body]");
    if (document.querySelector(".flash-success")) {
      sessionStorage.removeItem(key);
    } else if (!body.value && sessionStorage.getItem(key)) {
      body.value = sessionStorage.getItem(key);
    }
    body.addEventListener("input", function () { sessionStorage.setItem(key, body.value); });
  }

  var socket = P.followBoard({
    consultation: consultation,
    lastEventId: Number(board.getAttribute("data-last-event-id")) || 0,
    handlers: handlers,
    text: text,
    // join_board looks up this browser's posts only while one is shown waiting for a decision.
    ownPending: function () { return document.querySelector('[data-own-post-id][data-status="pending"]') !== null; },
    onJoined: function (ack) { (ack.own || []).forEach(ownDecided); }  // decided while offline
  });
  socket.on("own_post_decided", ownDecided);
})();
