/* The moderation queue: new posts arrive live; decisions are sent without reloading. One shared
   dialog takes a reason (reject, remove) or a note (approve); keys j, k, a, r and n for speed. */
(function () {
  "use strict";
  var P = window.Parkbank;
  var page = document.getElementById("queue-page");
  if (!page || !window.io) return;
  var text = P.readJSON("queue-text");
  var consultation = page.getAttribute("data-consultation");
  // Posts approved here join "Published" only on its first page, and not while it shows a search.
  var newestPublished = page.getAttribute("data-published-page") === "1" &&
    !page.getAttribute("data-search");
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
    if (reported) updateReportCount();
  }

  /* The idea a reply answers, as plain text (a 200-character excerpt from the server). */
  function showParent(node, parent) {
    var box = node.querySelector(".parent-excerpt");
    if (!box || !parent) return;
    box.querySelector(".parent-body").textContent = parent.body + (parent.body.length >= 200 ? "…" : "");
    box.hidden = false;
  }

  /* Personal data found by the server (post.pii: kind, start, end in code points of post.body):
     a warning naming the kinds, and the text rebuilt from post.body with the spans in <mark>,
     with DOM nodes and textContent only (never innerHTML of user text). */
  function appendText(parent, words) {
    words.split("\n").forEach(function (line, i) {
      if (i > 0) parent.appendChild(document.createElement("br"));
      if (line) parent.appendChild(document.createTextNode(line));
    });
  }

  function showPersonalData(node, post) {
    var findings = post.pii || [];
    var warning = node.querySelector(".pb-pii-warning");
    if (!findings.length || !warning) return;
    var kinds = [];
    findings.forEach(function (f) {
      var label = text.pii.kinds[f.kind] || f.kind;
      if (kinds.indexOf(label) < 0) kinds.push(label);
    });
    warning.textContent = text.pii.warning.replace("{kinds}", kinds.join(", "));
    warning.hidden = false;
    var body = node.querySelector("[data-field=body_html]");
    var chars = Array.from(post.body);  // code points, as the server counts
    var at = 0;
    body.textContent = "";
    findings.forEach(function (f) {
      var start = Math.max(f.start, at), end = Math.min(f.end, chars.length);
      if (start >= end) return;
      appendText(body, chars.slice(at, start).join(""));
      var mark = document.createElement("mark");
      mark.setAttribute("data-kind", f.kind);
      appendText(mark, chars.slice(start, end).join(""));
      body.appendChild(mark);
      at = end;
    });
    appendText(body, chars.slice(at).join(""));
  }

  /* Themes are for ideas: a reply's theme choice is hidden and sends nothing. */
  function themesForIdeasOnly(node, isReply) {
    node.querySelectorAll(".pb-theme-choice, .pb-theme-box").forEach(function (el) {
      el.hidden = isReply;
      if (el.tagName === "FIELDSET") el.disabled = isReply;
    });
  }

  /* The ids ticked in a card's theme choice. */
  function chosenThemes(holder) {
    return Array.prototype.map.call(
      holder.querySelectorAll(".pb-theme-choice input[name=theme]:checked"),
      function (box) { return box.value; });
  }

  /* Tick exactly these theme ids in a card, and say them in its summary ("Teman: Trafik, Park"):
     the names given (the server's, a retired theme's too: it has no box), else the ticked ones. */
  function showThemes(holder, ids, given) {
    var names = [];
    holder.querySelectorAll(".pb-theme-choice input[name=theme]").forEach(function (box) {
      box.checked = ids.indexOf(box.value) >= 0;
      // By its for= (not box.labels: a card made from the template is not in the page yet).
      var label = holder.querySelector('label[for="' + box.id + '"]');
      if (box.checked && label) names.push(label.textContent);
    });
    if (given) names = given;
    var summary = holder.querySelector("[data-themes-summary]");
    if (summary) summary.textContent = names.length ? names.join(", ") : text.no_themes;
  }

  /* Likely duplicates (post.similar: id, body, status, score), plain text, each with its
     "Reject as a duplicate of this" form (a decision-form, sent like the others). */
  function showDuplicates(node, similar) {
    var box = node.querySelector(".pb-duplicates");
    var template = box && box.querySelector("template.pb-duplicate-template");
    if (!template || !similar || !similar.length) return;
    var list = box.querySelector("ul");
    similar.forEach(function (d) {
      var li = template.content.firstElementChild.cloneNode(true);
      li.setAttribute("data-duplicate-id", String(d.id));
      li.querySelector("[data-part=body]").textContent = d.body;
      li.querySelector("[data-part=about]").textContent = "(" + text.duplicate.replace("{id}", d.id)
        .replace("{status}", text.states[d.status] || d.status).replace("{score}", d.score) + ")";
      li.querySelector("input[name=duplicate_of]").value = String(d.id);
      list.appendChild(li);
    });
    box.hidden = false;
  }

  function add(post, quiet) {
    if (item(post.id)) return;
    var node = P.fromTemplate("queue-item-template", post, text);
    themesForIdeasOnly(node, Boolean(post.parent_id));
    showParent(node, post.parent);
    showDuplicates(node, post.similar);
    showPersonalData(node, post);
    queue.appendChild(node);
    updateCount();
    if (!quiet) P.announce(text.new_post);
  }

  /* An approved post joins "Published" at once, with its own "Remove" form. */
  function publish(queueItem) {
    var id = queueItem.getAttribute("data-post-id");
    if (!newestPublished || published.querySelector('[data-post-id="' + id + '"]')) return;
    var isReply = !queueItem.querySelector("[data-field=reply_marker]").hidden;
    var body = queueItem.querySelector("[data-field=body_html]").cloneNode(true);
    body.querySelectorAll("mark").forEach(function (mark) {  // highlights are for the queue only
      mark.replaceWith(document.createTextNode(mark.textContent));
    });
    var node = P.fromTemplate("published-item-template", {
      id: id, parent_id: isReply ? 1 : null,
      body_html: body.innerHTML,  // the server's HTML, or text escaped by the DOM
      politician_view: !queueItem.querySelector("[data-field=politician_view]").hidden
    }, text);
    themesForIdeasOnly(node, isReply);
    showThemes(node, chosenThemes(queueItem));
    var marked = !node.querySelector("[data-field=politician_view]").hidden;
    node.querySelector(".mark-form button").setAttribute("aria-pressed", marked ? "true" : "false");
    node.querySelector(".mark-form input[name=on]").value = marked ? "0" : "1";
    published.insertBefore(node, published.firstChild);
  }

  /* Reported posts: one card per post, with how many reports, per reason, and their notes
     (plain text, set with textContent). A new report of a shown post updates its card. */
  var reported = document.getElementById("reported");

  function updateReportCount() {
    var n = reported.querySelectorAll(".pb-reported-item:not(.decided)").length;
    document.getElementById("reported-count").textContent = P.formatNumber(n);
    document.getElementById("reported-empty").hidden = reported.querySelector(".pb-reported-item") !== null;
  }

  function showReport(node, data) {
    node.querySelector("[data-report=count]").textContent = P.formatNumber(data.report_count);
    var reasons = node.querySelector("[data-report=reasons]");
    reasons.textContent = "";
    Object.keys(data.reasons).forEach(function (code) {
      var li = document.createElement("li");
      li.textContent = (text.reasons[code] || code) + ": " + P.formatNumber(data.reasons[code]);
      reasons.appendChild(li);
    });
    var notes = node.querySelector("[data-report=notes]");
    notes.textContent = "";
    data.notes.forEach(function (note) {
      var li = document.createElement("li");
      li.className = "user-text";
      li.textContent = note;
      notes.appendChild(li);
    });
    node.querySelector("[data-report=notes-box]").hidden = data.notes.length === 0;
  }

  function addReport(data, quiet) {
    var node = document.getElementById("anmald-" + data.post.id);
    if (node && node.classList.contains("decided")) return;
    if (!node) {
      node = P.fromTemplate("reported-item-template", data.post, text);
      reported.appendChild(node);
    }
    showReport(node, data);
    updateReportCount();
    if (!quiet) P.announce(text.new_report);
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
    if (dialog.open && dialogHolder === node) dialog.close();  // decided meanwhile by someone else
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

  /* Send one decision for the post `holder` holds. One decision per post: while one is on its
     way (aria-busy), or once the post is decided, another press (Enter twice, "a" twice, a
     reason sent after an approval) does nothing. Returns whether it was sent. */
  function decide(form, holder) {
    if (holder.getAttribute("aria-busy") === "true" || holder.classList.contains("decided")) return false;
    holder.setAttribute("aria-busy", "true");
    var message = holder.querySelector(".decision-message");
    var id = holder.getAttribute("data-post-id");
    mine[id] = true;
    P.sendForm(form).then(function (result) {  // reads the form's fields now, before it is reset
      holder.removeAttribute("aria-busy");
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
      holder.removeAttribute("aria-busy");
      delete mine[id];
      message.textContent = text.error;
    });
    return true;
  }

  /* Dismiss a post's reports: the post stays published, its card leaves the section. */
  function dismiss(form, holder) {
    if (holder.getAttribute("aria-busy") === "true" || holder.classList.contains("decided")) return;
    holder.setAttribute("aria-busy", "true");
    var message = holder.querySelector(".decision-message");
    mine[holder.getAttribute("data-post-id")] = true;
    P.sendForm(form).then(function (result) {
      holder.removeAttribute("aria-busy");
      if (result.status === 200) settle(holder, message, text.dismissed);
      else if (result.status === 409) settle(holder, message, result.body.message || text.error);
      else message.textContent = result.body.message || text.error;
      updateReportCount();
    }).catch(function () {
      holder.removeAttribute("aria-busy");
      message.textContent = text.error;
    });
  }

  /* Show a post's politician mark wherever the page holds it (queue, reported, published). */
  function showMark(id, on) {
    document.querySelectorAll('[data-post-id="' + id + '"]').forEach(function (holder) {
      holder.querySelectorAll("[data-field=politician_view]").forEach(function (el) { el.hidden = !on; });
      var form = holder.querySelector(".mark-form");
      if (!form) return;
      form.querySelector("button").setAttribute("aria-pressed", on ? "true" : "false");
      form.querySelector("input[name=on]").value = on ? "0" : "1";
    });
  }

  /* A politician's personal view, on or off: the button's pressed state and the disclaimer. */
  function toggleMark(form) {
    var button = form.querySelector("button");
    var holder = form.closest("[data-post-id]");
    button.disabled = true;
    P.sendForm(form).then(function (result) {
      button.disabled = false;
      if (result.status !== 200) {
        var message = holder.querySelector(".decision-message");
        if (message) message.textContent = result.body.message || text.error;
        return;
      }
      showMark(holder.getAttribute("data-post-id"), result.body.politician_view);
    }).catch(function () { button.disabled = false; });
  }

  /* A published idea's themes, saved in place. */
  function saveThemes(form) {
    var holder = form.closest("[data-post-id]");
    var button = form.querySelector("button[type=submit]");
    var message = holder.querySelector(".decision-message");
    button.disabled = true;
    P.sendForm(form).then(function (result) {
      button.disabled = false;
      if (result.status !== 200) {
        message.textContent = result.body.message || text.error;
        return;
      }
      var themes = result.body.themes;
      showThemes(holder, themes.map(function (t) { return String(t.id); }),
                 themes.map(function (t) { return t.name; }));
      message.textContent = text.themes_saved;
    }).catch(function () {
      button.disabled = false;
      message.textContent = text.error;
    });
  }

  /* The page's one dialog: a reason for "Reject…" and "Remove…", a note for "Note…" (approve
     with a note). It decides the post it was opened for; closed, focus goes back to its button. */
  var dialog = document.getElementById("decide-dialog");
  var dialogForm = document.getElementById("decide-form");
  var reasons = document.getElementById("decide-reasons");
  var noteField = document.getElementById("decide-note");
  var submitButton = document.getElementById("decide-submit");
  var dialogHolder = null, dialogOpener = null;

  function excerpt(holder) {
    var words = holder.querySelector("[data-field=body_html]").textContent.trim().replace(/\s+/g, " ");
    return words.length > 160 ? words.slice(0, 160) + "…" : words;
  }

  function openDialog(holder, opener) {
    if (dialog.open || holder.classList.contains("decided") ||
        holder.getAttribute("aria-busy") === "true") return;
    var action = opener.getAttribute("data-opens");
    var words = text.dialog[action];
    dialogForm.reset();
    dialogForm.querySelectorAll(".pb-dialog-theme").forEach(function (el) { el.remove(); });
    if (action === "approve" && holder.querySelector(".pb-theme-choice:not([disabled])")) {
      // "Note…" approves with the themes ticked on the card, as "Approve" does.
      ["themes"].concat(chosenThemes(holder)).forEach(function (value, i) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.className = "pb-dialog-theme";
        input.name = i === 0 ? "themes" : "theme";
        input.value = i === 0 ? "1" : value;
        dialogForm.appendChild(input);
      });
    }
    dialogForm.setAttribute("action", opener.form.getAttribute("action"));  // this post's /beslut
    dialogForm.querySelector("input[name=action]").value = action;
    reasons.hidden = reasons.disabled = action === "approve";
    document.getElementById("decide-reasons-legend").textContent = words.legend;
    document.getElementById("decide-dialog-title").textContent = words.title;
    document.getElementById("decide-excerpt").textContent = excerpt(holder);
    submitButton.textContent = words.submit;
    if (action === "approve") submitButton.removeAttribute("data-color");
    else submitButton.setAttribute("data-color", "danger");
    dialogHolder = holder;
    dialogOpener = opener;
    dialog.showModal();
    (action === "approve" ? noteField : reasons.querySelector("input")).focus();
  }

  function focusMessage(holder) {
    var message = holder.querySelector(".decision-message");
    message.setAttribute("tabindex", "-1");
    message.focus();
  }

  // Escape, "Cancel", or the post decided meanwhile: back to the button, or to the message.
  dialog.addEventListener("close", function () {
    var holder = dialogHolder, opener = dialogOpener;
    dialogHolder = dialogOpener = null;
    if (!holder || !holder.isConnected) return;
    if (holder.classList.contains("decided")) focusMessage(holder);
    else if (opener && !opener.disabled) opener.focus();
  });
  document.getElementById("decide-cancel").addEventListener("click", function () { dialog.close(); });

  // Every form of the page, the ones added live too.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form === dialogForm) {
      event.preventDefault();
      var holder = dialogHolder, opener = dialogOpener;
      if (!holder) return;
      var sent = decide(dialogForm, holder);
      dialogHolder = null;  // focus is placed here, not by the close handler
      dialog.close();
      if (opener && opener.isConnected) {
        if (sent || !holder.classList.contains("decided")) opener.focus();  // settle() moves it on
        else focusMessage(holder);
      }
    } else if (form.classList.contains("opener-form")) {
      event.preventDefault();
      openDialog(form.closest("[data-post-id]"), form.querySelector("[data-opens]"));
    } else if (form.classList.contains("decision-form")) {
      event.preventDefault();
      decide(form, form.closest("[data-post-id]"));
    } else if (form.classList.contains("dismiss-form")) {
      event.preventDefault();
      dismiss(form, form.closest("[data-post-id]"));
    } else if (form.classList.contains("mark-form")) {
      event.preventDefault();
      toggleMark(form);
    } else if (form.classList.contains("theme-form")) {
      event.preventDefault();
      saveThemes(form);
    }
  });

  /* Keys, announced on the page (#queue-shortcuts, aria-keyshortcuts): j/k next and previous
     post, a approve, r reject, n approve with a note. Not while typing, not in the dialog, not
     with Ctrl, Alt or Meta, and a held key does not repeat. */
  function moveFocus(step) {
    var items = Array.prototype.slice.call(queue.querySelectorAll(".queue-item"));
    var current = document.activeElement ? document.activeElement.closest(".queue-item") : null;
    var i = current ? items.indexOf(current) : (step > 0 ? -1 : items.length);
    for (i += step; i >= 0 && i < items.length; i += step) {
      if (!items[i].classList.contains("decided")) {
        items[i].querySelector(".pb-queue-card").focus();
        return;
      }
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat || event.defaultPrevented) return;
    if (dialog.open || document.querySelector("dialog[open]")) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var key = event.key;
    if (key === "j" || key === "k") {
      event.preventDefault();
      moveFocus(key === "j" ? 1 : -1);
      return;
    }
    var holder = target.closest ? target.closest("#queue .queue-item") : null;
    if (!holder || (key !== "a" && key !== "r" && key !== "n")) return;
    event.preventDefault();
    if (key === "a") {
      decide(holder.querySelector(".approve-form"), holder);
    } else {
      openDialog(holder, holder.querySelector('[data-opens="' + (key === "r" ? "reject" : "approve") + '"]'));
    }
  });
  document.getElementById("queue-shortcuts").hidden = false;
  P.keepTimesCurrent(text.just_now);

  var attempt = 0, retryTimer = null;
  function joinQueue(sock) {
    // Only posts shown before this join may be swept: one pushed meanwhile is newer than the ack.
    var shownBefore = Array.prototype.slice.call(queue.querySelectorAll(".queue-item:not(.decided)"));
    var reportedBefore = Array.prototype.slice.call(reported.querySelectorAll(".pb-reported-item:not(.decided)"));
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
        if (stillPending[node.getAttribute("data-post-id")]) return;
        if (dialog.open && dialogHolder === node) dialog.close();
        node.remove();
      });
      var stillReported = {};
      (ack.reported || []).forEach(function (data) { stillReported[data.post.id] = true; addReport(data, true); });
      reportedBefore.forEach(function (node) {
        if (stillReported[node.getAttribute("data-post-id")]) return;
        if (dialog.open && dialogHolder === node) dialog.close();
        node.remove();
      });
      updateCount();
      updateReportCount();
    });
  }
  var socket = P.connect(joinQueue, text);
  socket.on("post_submitted", function (data) { add(data.post, false); });
  /* A post's text changed in place (a redaction, here or by a colleague): the waiting card is
     filled again from the queued post, a published one gets the server's new HTML. */
  socket.on("post_changed", function (data) {
    var post = data.post;
    var node = item(post.id);
    if (node && !node.classList.contains("decided")) {
      var body = node.querySelector("[data-field=body_html]");
      body.innerHTML = post.body_html;  // the server's sanitised HTML
      var warning = node.querySelector(".pb-pii-warning");
      if (warning) warning.hidden = true;
      showPersonalData(node, post);
    }
    var shown = published.querySelector('[data-post-id="' + post.id + '"] [data-field=body_html]');
    if (shown) shown.innerHTML = post.body_html;
    var reported = document.getElementById("anmald-" + post.id);
    if (reported) reported.querySelector("[data-field=body_html]").innerHTML = post.body_html;
  });
  /* Culled by the retention rules: gone from this page too. */
  socket.on("post_culled", function (data) {
    (data.post_ids || []).forEach(function (id) {
      var node = item(id) || published.querySelector('[data-post-id="' + id + '"]');
      if (!node) return;
      if (dialog.open && dialogHolder === node) dialog.close();
      node.remove();
    });
    updateCount();
  });
  socket.on("post_reported", function (data) { addReport(data, false); });
  socket.on("post_marked", function (data) { showMark(data.id, data.politician_view); });
  socket.on("reports_resolved", function (data) {
    var node = document.getElementById("anmald-" + data.post_id);
    if (!node || node.classList.contains("decided") || mine[data.post_id]) return;
    var template = (text.resolved_by_other || {})[data.resolution] || "";
    settle(node, node.querySelector(".decision-message"), template.replace("{name}", data.resolved_by));
  });
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
