/* A kiosk: a shared touch screen in a library or a citizen service office.
   - The board follows the consultation live (Parkbank.followBoard: order, catch-up, reconnect).
   - Each visitor is a visit of their own: a random id made here, dropped when the kiosk resets
     after data-idle-seconds without a touch. A reset clears every field and every "I agree"
     pressed, so nothing of one visitor is shown to the next.
   - A post is put in an outbox (localStorage) before it is sent, and removed once the server
     has it; while the network is down it stays there, out of sight, and is sent again when the
     connection is back. The server stores a visit's submission key once, so it arrives once.
   No inline script (CSP). */
(function () {
  "use strict";
  var P = window.Parkbank;
  var root = document.getElementById("kiosk");
  if (!root || !P) return;
  var text = P.readJSON("kiosk-text");
  var idleMs = Math.max(5, Number(root.getAttribute("data-idle-seconds")) || 60) * 1000;
  var outboxKey = "parkbank-kiosk-outbox:" + root.getAttribute("data-kiosk");
  var supportUrl = root.getAttribute("data-support-url");
  var posts = document.getElementById("posts");
  var start = document.getElementById("kiosk-start");
  var write = document.getElementById("kiosk-write");
  var thanks = document.getElementById("kiosk-thanks");
  var form = document.getElementById("kiosk-form");
  var total = Number(root.getAttribute("data-total")) || 0;
  var SHOWN = 30;

  /* ---- the visit ---- */
  function randomId() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  var visit = null;
  function currentVisit() { if (!visit) visit = randomId(); return visit; }

  /* ---- screens ---- */
  function show(name) {
    start.hidden = name !== "start";
    if (write) write.hidden = name !== "write";
    if (thanks) thanks.hidden = name !== "thanks";
    window.scrollTo(0, 0);
  }

  /* ---- the outbox ---- */
  var KEEP_DAYS = 14;  // a post that could not be sent for two weeks (a closed consultation) is let go
  function readOutbox() {
    try { return JSON.parse(window.localStorage.getItem(outboxKey) || "[]"); }
    catch (e) { return []; }
  }
  function writeOutbox(entries) {
    try { window.localStorage.setItem(outboxKey, JSON.stringify(entries)); } catch (e) { /* full */ }
    var waiting = document.getElementById("kiosk-outbox");
    if (!waiting) return;
    waiting.hidden = entries.length === 0;
    waiting.textContent = entries.length === 1 ? text.waiting_one
      : text.waiting_many.replace("{n}", P.formatNumber(entries.length));
  }
  function removeFromOutbox(key) {
    writeOutbox(readOutbox().filter(function (e) { return e.key !== key; }));
  }

  /* A request that gets no answer in time counts as not sent (a Wi-Fi that is up while the line
     behind it is down can hold a request for minutes); the server stores a key once anyway. */
  function post(url, data) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, 12000) : null;
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }, signal: controller ? controller.signal : undefined
    }).then(function (response) { window.clearTimeout(timer); return response; },
            function (error) { window.clearTimeout(timer); throw error; });
  }

  /* Send one post; resolves to {sent: true, qr: the follow code's SVG or ""}, "kept" (try
     again later) or {refused: message}. A post
     already on its way is not sent a second time meanwhile. `waiting`: it comes from the outbox,
     its writer is gone, so a consultation that is paused keeps it until it opens again. */
  var inFlight = {};
  function send(entry, waiting) {
    if (inFlight[entry.key]) return inFlight[entry.key];
    var data = new FormData();
    data.append("body", entry.body);
    data.append("alias", entry.alias || "");
    data.append("visit", entry.visit);
    data.append("submission_key", entry.key);
    var sending = post(entry.url, data).then(function (response) {
      if (response.status === 200 || response.status === 201) {
        removeFromOutbox(entry.key);
        // The visitor's follow code comes in this answer only: shown, never stored.
        return response.json().then(function (body) { return { sent: true, qr: body.follow_qr || "" }; },
                                    function () { return { sent: true, qr: "" }; });
      }
      if (response.status === 429 || response.status >= 500) return "kept";
      if (response.status === 403 || response.status === 404) {
        // Switched off, or given a new address: kept for when it is on again, or opened at its
        // new address in this browser (the outbox belongs to the kiosk, not to the address).
        gone();
        return "kept";
      }
      if (response.status === 409 && waiting) return "kept";
      removeFromOutbox(entry.key);  // refused for good: the writer is told, if still here
      return response.json().catch(function () { return {}; }).then(function (body) {
        var fields = body.fields || {};
        var first = Object.keys(fields).map(function (k) { return fields[k][0]; })[0];
        return { refused: first || body.message || "" };
      });
    }, function () { return "kept"; });
    inFlight[entry.key] = sending;
    return sending.then(function (result) { delete inFlight[entry.key]; return result; });
  }

  /* The server's own page says why (switched off, or the address renewed). */
  var goneTimer = null;
  function gone() {
    if (!goneTimer) goneTimer = window.setTimeout(function () { window.location.reload(); }, 4000);
  }

  var flushing = false;
  function flush() {
    if (flushing) return;
    var oldest = Date.now() - KEEP_DAYS * 86400000;
    var entries = readOutbox().filter(function (e) { return e.url && (e.at || Date.now()) > oldest; });
    writeOutbox(entries);
    if (!entries.length) return;
    flushing = true;
    (function next(i) {
      if (i >= entries.length) { flushing = false; return; }
      send(entries[i], true).then(function (result) {
        if (result === "kept") { flushing = false; return; }  // still offline: try later
        next(i + 1);
      }, function () { flushing = false; });
    })(0);
  }
  window.addEventListener("online", flush);
  window.setInterval(flush, 10000);

  /* ---- network state, shown big: the socket's and the browser's ---- */
  var status = document.getElementById("live-status");
  function offline() { status.textContent = text.offline; status.hidden = false; }
  window.addEventListener("offline", offline);
  window.addEventListener("online", function () { status.hidden = true; });

  /* ---- writing ---- */
  var body = form && form.elements.body;
  var count = document.getElementById("kiosk-count");
  var error = document.getElementById("kiosk-form-error");
  function countChars() { if (body) body.dispatchEvent(new Event("input")); }  // the counter follows
  function clearForm() {
    if (!form) return;
    form.reset();
    body.value = "";
    form.elements.alias.value = "";
    form.elements.submission_key.value = randomId();
    form.elements.visit.value = "";
    error.hidden = true;
    error.textContent = "";
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    form.querySelectorAll(".field .error").forEach(function (el) { el.remove(); });
    countChars();
  }
  function refuse(message) {
    error.textContent = message;
    error.hidden = false;
    body.setAttribute("aria-invalid", "true");
    body.focus();
  }

  var thanksTimer = null;
  var followBox = document.getElementById("kiosk-follow");
  var followCode = document.getElementById("kiosk-follow-code");
  function showFollow(qr) {
    if (!followBox) return;
    followCode.innerHTML = qr || "";  // the server's own SVG (segno), no script in it
    followBox.hidden = !qr;
  }
  function thank(kept, qr) {
    document.getElementById("kiosk-thanks-sent").hidden = kept;
    document.getElementById("kiosk-thanks-kept").hidden = !kept;
    showFollow(kept ? "" : qr);
    show("thanks");
    document.getElementById("kiosk-thanks-heading").focus();
    window.clearTimeout(thanksTimer);
    thanksTimer = window.setTimeout(reset, qr && !kept ? 40000 : 20000);  // time to take a photo
  }

  if (form) {
    var opener = document.getElementById("kiosk-write-open");
    var cancel = document.getElementById("kiosk-cancel");
    cancel.hidden = false;
    opener.addEventListener("click", function (event) {
      event.preventDefault();
      show("write");
      body.focus();
    });
    cancel.addEventListener("click", reset);
    document.getElementById("kiosk-done").addEventListener("click", reset);
    P.countCharacters(body, count, document.getElementById("kiosk-count-status"), text);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = body.value;
      var length = Array.from(value.trim()).length;
      if (!length) { refuse(text.empty_body); return; }
      if (length > Number(count.getAttribute("data-max"))) {
        refuse(text.too_long.replace("{n}", P.formatNumber(length)));
        return;
      }
      var entry = { key: form.elements.submission_key.value || randomId(), visit: currentVisit(),
                    body: value, alias: form.elements.alias.value,
                    url: form.getAttribute("action"), at: Date.now() };
      writeOutbox(readOutbox().concat([entry]));  // kept before it is sent: nothing is lost
      var button = document.getElementById("kiosk-send");
      button.disabled = true;
      var visitor = generation;
      send(entry).then(function (result) {
        if (visitor !== generation) return;  // an answer for someone who has gone: not for the next
        button.disabled = false;
        if (result && result.refused !== undefined) { refuse(result.refused); return; }
        clearForm();  // the text leaves the screen (and stays in the outbox if not sent)
        thank(result === "kept", result && result.qr);
      });
    });
    if (write.getAttribute("data-open") !== "true") show("start");
    else { show("write"); body.focus(); }
  }

  /* ---- supports: once per visit ---- */
  function pressed(button, on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  posts.addEventListener("click", function (event) {
    var button = event.target.closest(".pb-kiosk-support");
    if (!button) return;
    var on = button.getAttribute("aria-pressed") !== "true";
    var data = new FormData();
    data.append("visit", currentVisit());
    if (!on) data.append("undo", "1");
    button.disabled = true;
    var visitor = generation;
    post(supportUrl.replace("/inlagg/0/", "/inlagg/" + button.getAttribute("data-post-id") + "/"), data)
      .then(function (response) {
        if (!response.ok) { P.announce(text.support_refused); return; }  // withdrawn, closed, limit
        return response.json().then(function (result) {
          button.querySelector("[data-field=support_count]").textContent = P.formatNumber(result.support_count);
          if (visitor === generation) pressed(button, result.supported);  // never for the next visitor
        });
      }, function () {
        P.announce(text.support_failed);
        offline();
      }).then(function () { button.disabled = false; });
  });

  /* Links in what people wrote would lead away from the kiosk, for the next visitor too. */
  root.addEventListener("click", function (event) {
    var link = event.target.closest(".user-text a");
    if (link) event.preventDefault();
  });

  /* ---- idle: back to the start, forgetting the visitor ---- */
  var idleTimer = null, pendingReload = false, generation = 0;
  function reset() {
    generation += 1;  // answers still on their way belong to the visitor who left
    window.clearTimeout(thanksTimer);
    window.clearTimeout(idleTimer);
    clearForm();
    showFollow("");  // the last visitor's follow code goes with them
    var sendButton = document.getElementById("kiosk-send");
    if (sendButton) sendButton.disabled = false;
    visit = null;
    document.querySelectorAll(".pb-kiosk-support[aria-pressed=true]").forEach(function (b) { pressed(b, false); });
    var flashes = document.querySelector(".flashes");  // "Thank you" after a send without script
    if (flashes) flashes.remove();
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    show("start");
    // The next visitor meets the kiosk in its own language again, and the page as it stands:
    // only when the server answers, for a page that fails to load is the browser's error page.
    var homeLanguage = root.getAttribute("data-home-language");
    if (homeLanguage || pendingReload) {
      whenServerAnswers(function () {
        if (homeLanguage) window.location.replace(homeLanguage);
        else window.location.reload();
      });
    }
  }
  function whenServerAnswers(then) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, 3000) : null;
    fetch("/healthz", { cache: "no-store", signal: controller ? controller.signal : undefined })
      .then(function (response) { window.clearTimeout(timer); if (response.ok) then(); },
            function () { window.clearTimeout(timer); });
  }
  // A page brought back from the browser's cache (Back) starts as for a new visitor.
  window.addEventListener("pageshow", function (event) { if (event.persisted) reset(); });
  function touched(event) {
    if (event && !event.isTrusted) return;  // the counter's own refresh is not a person
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(reset, idleMs);
  }
  ["pointerdown", "keydown", "input", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, touched, { passive: true, capture: true });
  });

  /* ---- the live board ---- */
  function article(id) { return document.getElementById("inlagg-" + id); }
  function setTotal(n) {
    total = n;
    document.querySelector("#kiosk-ideas-heading .count").textContent = "(" + P.formatNumber(n) + ")";
  }
  P.keepTimesCurrent(text.just_now);
  P.followBoard({
    consultation: root.getAttribute("data-consultation"),
    lastEventId: Number(root.getAttribute("data-last-event-id")) || 0,
    text: text,
    onJoined: function () { flush(); },
    handlers: {
      post_published: function (data) {
        var post = data.post;
        if (article(post.id)) return;
        if (post.parent_id) {
          var parent = article(post.parent_id);
          if (parent) parent.querySelector(".replies").appendChild(P.fromTemplate("reply-template", post, text));
          return;
        }
        var empty = posts.querySelector(".empty");
        if (empty) empty.remove();
        var item = document.createElement("li");
        item.className = "pb-new";
        item.appendChild(P.fromTemplate("post-template", post, text));
        posts.insertBefore(item, posts.firstChild);
        while (posts.children.length > SHOWN) posts.removeChild(posts.lastElementChild);
        setTotal(total + 1);
        P.announce(text.published);
      },
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
      },
      support_changed: function (data) {
        var node = article(data.post_id);
        var el = node && node.querySelector(":scope > .post-actions [data-field=support_count]");
        if (el) el.textContent = P.formatNumber(data.count);
      },
      /* Opened, paused or closed: the page is built anew, but never under a visitor's hands. */
      consultation_status: function () {
        if (write && !write.hidden) { pendingReload = true; return; }
        window.location.reload();
      }
    }
  });
  writeOutbox(readOutbox());
  flush();
})();
