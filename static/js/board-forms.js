/* The board's forms: an error summary that takes the focus, a character count, a post that Back
   cannot send twice, and "Instämmer" as a toggle that every tab of this browser shows alike.
   Listeners are on the document, so posts inserted live work the same. */
(function () {
  "use strict";
  var P = window.Parkbank;
  var board = document.getElementById("board");
  if (!board || !P) return;
  var text = P.readJSON("board-text");
  var consultation = board.getAttribute("data-consultation");
  var store = null;
  try { store = window.sessionStorage; } catch (e) { /* storage switched off: no memory */ }

  /* After a failed send the page comes back with the errors: read them first (WCAG 3.3.1). */
  var problem = document.getElementById("form-errors") ||
    document.querySelector(".reply-box[open] .error[tabindex]");
  if (problem) problem.focus();

  /* --- Send once -------------------------------------------------------------------------
     Back after sending brings the form back with its text (the browser restores it) and a new
     key from the server, so sending again would store the post twice. This tab remembers the
     keys of posts that were stored (the page after a send shows the thank-you message), and
     each history entry remembers the keys its forms sent; a form sent from this entry, or still
     holding a sent key (back-forward cache), is emptied and given a fresh key. */
  var SENT = "parkbank-sent-keys";
  var SENDING = "parkbank-sending-key";

  function sentKeys() {
    try { return JSON.parse(store.getItem(SENT)) || []; } catch (e) { return []; }
  }

  function formName(form) {
    var parent = form.querySelector("input[name=parent_id]");
    return parent && parent.value ? "reply-" + parent.value : "idea";
  }

  function freshKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(16) + Math.random().toString(16).slice(2);
  }

  if (store) {
    var sending = store.getItem(SENDING);
    store.removeItem(SENDING);
    if (sending && document.querySelector(".flash-success")) {
      store.setItem(SENT, JSON.stringify(sentKeys().concat([sending]).slice(-50)));
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!store || event.defaultPrevented || !form.matches("form.post-form")) return;
    var key = form.querySelector("input.submission-key").value;
    store.setItem(SENDING, key);
    var state = Object.assign({}, history.state);
    state.parkbankSent = Object.assign({}, state.parkbankSent);
    state.parkbankSent[formName(form)] = key;
    history.replaceState(state, "");
  });

  window.addEventListener("pageshow", function () {
    if (!store) return;
    var sent = sentKeys();
    var state = Object.assign({}, history.state);
    var fromHere = Object.assign({}, state.parkbankSent);
    document.querySelectorAll("form.post-form").forEach(function (form) {
      var key = form.querySelector("input.submission-key");
      var name = formName(form);
      if (!key || (sent.indexOf(key.value) < 0 && sent.indexOf(fromHere[name]) < 0)) return;
      var body = form.querySelector("textarea[name=body]");
      body.value = "";
      body.dispatchEvent(new Event("input", { bubbles: true }));  // the draft and the count
      key.value = freshKey();
      form.querySelector("button[type=submit]").disabled = false;
      delete fromHere[name];
    });
    state.parkbankSent = fromHere;
    history.replaceState(state, "");
  });

  /* --- Character count (live.js: countCharacters) ------------------------------------- */
  P.countCharacters(document.querySelector("#post-form textarea[name=body]"),
                    document.getElementById("body-count"), document.getElementById("body-count-status"),
                    text);

  /* --- "Instämmer" ------------------------------------------------------------------------
     A pressed button takes the support back (undo=1). The server says whether this browser now
     supports the idea ("supported"); other tabs of this browser are told, so they show the same. */
  var channel = window.BroadcastChannel ? new BroadcastChannel("parkbank-support") : null;
  var SUPPORT_KEY = "parkbank-support";

  function supportForm(id) {
    var article = document.getElementById("inlagg-" + id);
    return article && article.querySelector(":scope > .post-actions > form.support-form");
  }

  function showSupport(form, supported) {
    form.querySelector("button.support").setAttribute("aria-pressed", supported ? "true" : "false");
    form.querySelector("input[name=undo]").value = supported ? "1" : "";
  }

  function tellOtherTabs(id, supported) {
    var message = { consultation: consultation, id: Number(id), supported: supported, at: Date.now() };
    if (channel) { channel.postMessage(message); return; }
    try { localStorage.setItem(SUPPORT_KEY, JSON.stringify(message)); } catch (e) { /* none */ }
  }

  function fromOtherTab(message) {
    if (!message || message.consultation !== consultation) return;
    var form = supportForm(message.id);
    if (form) showSupport(form, message.supported);
  }

  if (channel) {
    channel.onmessage = function (event) { fromOtherTab(event.data); };
  } else {
    window.addEventListener("storage", function (event) {
      if (event.key !== SUPPORT_KEY || !event.newValue) return;
      try { fromOtherTab(JSON.parse(event.newValue)); } catch (e) { /* not ours */ }
    });
  }

  function note(form, words) {
    var shown = form.querySelector(".support-note");
    shown.textContent = words;
    shown.hidden = false;
    P.announce(words);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form.support-form")) return;
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;  // one request at a time
    var button = form.querySelector("button.support");
    var id = form.closest("[data-post-id]").getAttribute("data-post-id");
    var takingBack = button.getAttribute("aria-pressed") === "true";
    form.querySelector("input[name=undo]").value = takingBack ? "1" : "";
    form.setAttribute("aria-busy", "true");
    P.sendForm(form).then(function (result) {
      form.removeAttribute("aria-busy");
      if (result.status !== 200) {
        note(form, result.body.message || text.support_failed);
        return;
      }
      var answer = result.body;
      // A server without taking back leaves "supported" out: any answer there means it counts.
      var supported = "supported" in answer ? answer.supported : true;
      showSupport(form, supported);
      tellOtherTabs(id, supported);
      button.querySelector("[data-field=support_count]").textContent = P.formatNumber(answer.support_count);
      note(form, !supported ? text.support_taken_back
        : answer.counted ? text.support_counted : text.support_already);
    }).catch(function () {
      form.removeAttribute("aria-busy");
      note(form, text.support_failed);
    });
  });
})();
