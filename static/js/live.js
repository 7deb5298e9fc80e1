/* Parkbänk live updates: shared helpers for the board and the moderation queue.
   The server is the source of truth; these only notify. No inline script (CSP). */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : {};
  }

  /* Messages that arrive close together are read out together, not one over the other. */
  var announcer = null, waiting = [], timer = null;
  function announce(text) {
    announcer = announcer || document.getElementById("live-announcer");
    if (!announcer || !text) return;
    waiting.push(text);
    if (timer) return;
    announcer.textContent = "";
    timer = window.setTimeout(function () {
      announcer.textContent = waiting.join(" ");
      waiting = [];
      timer = null;
    }, 100);
  }

  /* A moment written exactly as the server writes it: in the app's time zone (not the browser's)
     and by the language's short CLDR pattern, both given on <html> (data-timezone,
     data-datetime-pattern). Short patterns hold only numbers, so no month names are needed. */
  function formatTime(iso) {
    if (!iso) return "";
    var root = document.documentElement;
    var pattern = root.getAttribute("data-datetime-pattern") || "y-MM-dd HH:mm";
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: root.getAttribute("data-timezone") || undefined, hourCycle: "h23",
      year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric"
    }).formatToParts(new Date(iso)).forEach(function (p) { parts[p.type] = Number(p.value); });
    function pad(n, width) { return ("0" + n).slice(-Math.max(width, String(n).length)); }
    var fields = {
      y: function (w) { return w === 2 ? pad(parts.year % 100, 2) : String(parts.year); },
      M: function (w) { return pad(parts.month, w); },
      d: function (w) { return pad(parts.day, w); },
      H: function (w) { return pad(parts.hour, w); },
      h: function (w) { return pad(parts.hour % 12 || 12, w); },
      m: function (w) { return pad(parts.minute, w); },
      a: function () { return parts.hour < 12 ? "AM" : "PM"; }
    };
    return pattern.replace(/'([^']*)'|([yMdHhma])\2*/g, function (token, quoted, letter) {
      if (letter === undefined) return quoted === "" ? "'" : quoted;
      return fields[letter](token.length);
    });
  }

  /* How long ago, as the server writes it (parkbank/i18n.py: relative_time): whole minutes,
     hours or days; under a minute "just now"; after a week the day itself. */
  var WEEK = 7 * 86400, UNITS = [["day", 86400], ["hour", 3600], ["minute", 60]];
  /* The server's clock, not this device's: a phone five minutes fast would otherwise call a post
     that just arrived "5 minutes ago". <html data-server-now> is when the page was made. */
  var serverNow = Date.parse(document.documentElement.getAttribute("data-server-now") || "");
  var clockOffset = isNaN(serverNow) ? 0 : serverNow - Date.now();
  function relativeTime(iso, justNow) {
    if (!iso) return "";
    var seconds = (Date.now() + clockOffset - new Date(iso).getTime()) / 1000;
    var lang = document.documentElement.lang || "sv";
    if (seconds >= WEEK) {
      return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, {
        day: "numeric", month: "long", year: "numeric",
        timeZone: document.documentElement.getAttribute("data-timezone") || undefined
      }).format(new Date(iso));
    }
    for (var i = 0; i < UNITS.length; i++) {
      if (seconds >= UNITS[i][1]) {
        return new Intl.RelativeTimeFormat(lang, { numeric: "always" })
          .format(-Math.floor(seconds / UNITS[i][1]), UNITS[i][0]);
      }
    }
    return justNow || "";
  }

  /* A <time class="pb-time"> (templates/macros.html: moment): how long ago, and the exact time. */
  var justNowText = null;
  function setMoment(el, iso) {
    el.setAttribute("datetime", iso || "");
    var ago = el.querySelector(".pb-time__ago");
    if (!ago) { el.textContent = formatTime(iso); return; }
    el.setAttribute("title", formatTime(iso));
    ago.textContent = relativeTime(iso, justNowText);
    el.querySelector(".pb-time__exact").textContent = " (" + formatTime(iso) + ")";
  }

  /* Keep every "5 minutes ago" on the page current. */
  function keepTimesCurrent(justNow) {
    justNowText = justNow;
    function refresh() {
      document.querySelectorAll("time.pb-time[datetime]").forEach(function (el) {
        var iso = el.getAttribute("datetime");
        if (iso) el.querySelector(".pb-time__ago").textContent = relativeTime(iso, justNowText);
      });
    }
    window.setInterval(refresh, 30000);
    // A page brought back by Back, or a tab woken up, is brought up to date at once.
    window.addEventListener("pageshow", function (event) { if (event.persisted) refresh(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") refresh();
    });
  }

  /* Numbers as the server writes them (Babel): "2 000" in Swedish, "2,000" in English. */
  function formatNumber(n) {
    try { return new Intl.NumberFormat(document.documentElement.lang || "sv").format(n); }
    catch (e) { return String(n); }
  }

  /* A character count under a text field (the board's form, the moderators' transcription):
     shown as one types; read out (politely, after a pause, through `status`) only near or over
     the limit, so a screen reader is not interrupted on every key. `text` has "count" and
     "count_over" with {count}, {max} and {over}; the limit is the counter's data-max. */
  function countCharacters(body, counter, status, text) {
    if (!counter || !status || !body) return;
    var max = Number(counter.getAttribute("data-max"));
    var timer = null;
    var spoken = "";

    function length() { return Array.from(body.value).length; }

    function words(n) {
      return (n > max ? text.count_over : text.count)
        .replace("{count}", formatNumber(n)).replace("{max}", formatNumber(max))
        .replace("{over}", formatNumber(n - max));
    }

    function update() {
      var n = length();
      counter.textContent = words(n);
      counter.classList.toggle("error", n > max);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var now = length();
        var say = now >= max * 0.9 ? words(now) : "";
        if (say !== spoken) { status.textContent = say; spoken = say; }
      }, 1000);
    }

    counter.hidden = false;
    body.addEventListener("input", update);
    update();
  }

  /* Where a post came in, as the server writes it (parkbank/posts/labels.py: origin_label):
     "Kiosk · Stadsbiblioteket", "Received on paper · Workshop in Mörrum"; "" for the web. */
  function originLabel(post, text) {
    if (post.channel === "web") return "";
    var label = (post.source && (text.sources || {})[post.source]) ||
      (text.channels || {})[post.channel] || post.channel;
    return post.place ? label + " \u00b7 " + post.place : label;
  }

  /* An idea's themes: a link per theme to the board filtered by it (the list's data-href is the
     board's address); names are plain text. */
  function fillThemes(list, themes) {
    list.textContent = "";
    themes.forEach(function (theme) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "ds-link";
      link.href = list.getAttribute("data-href") + "?tema=" + encodeURIComponent(theme.slug);
      link.textContent = theme.name;
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = themes.length === 0;
  }

  /* An idea's outcome (parkbank/outcomes): its label from text.outcomes, plain text; hidden while
     it has none. */
  function fillOutcome(el, outcome, text) {
    var label = el.querySelector("[data-part=label]");
    if (label) label.textContent = outcome ? ((text.outcomes || {})[outcome.state] || outcome.state) : "";
    el.hidden = !outcome;
  }

  /* Fill [data-field] elements of a node from a post object. body_html is the server's sanitised
     HTML (parkbank/sanitize.py); every other field is plain text by contract: textContent only. */
  function fill(node, post, text) {
    // The card (the node itself, or the post a reply template's <li> holds) stands out when official.
    var card = node.classList.contains("post") ? node : node.querySelector(":scope > article.post");
    if (card) card.classList.toggle("pb-official", Boolean(post.official));
    node.querySelectorAll("[data-field]").forEach(function (el) {
      var key = el.getAttribute("data-field");
      if (key === "body_html") { el.innerHTML = post.body_html; }
      else if (key === "alias") {
        el.textContent = post.alias || text.anonymous;
        el.hidden = Boolean(post.official);  // an official reply is signed by the municipality
      } else if (key === "official") { el.hidden = !post.official; }
      else if (key === "official_signature") {
        el.hidden = !post.official;
        el.querySelector("[data-part=name]").textContent = post.official ? post.official.name : "";
        el.querySelector("[data-part=title]").textContent = post.official ? post.official.title : "";
      } else if (key === "politician_view") { el.hidden = !post.politician_view; }
      else if (key === "published_at" || key === "created_at") { setMoment(el, post[key]); }
      else if (key === "channel") { el.hidden = post.channel === "web"; el.textContent = originLabel(post, text); }
      else if (key === "reply_marker") { el.hidden = !post.parent_id; }
      else if (key === "themes") { fillThemes(el, post.themes || []); }
      else if (key === "outcome") { fillOutcome(el, post.outcome, text); }
      else if (key in post) { el.textContent = post[key]; }
    });
  }

  /* A public post changed in place (post_updated: a passage redacted, a mark set): its text,
     signature line and marks are filled again; its replies, supports and forms stay. */
  function refill(node, post, text) {
    var body = node.querySelector(":scope > .post-body");
    if (body) body.innerHTML = post.body_html;  // the server's sanitised HTML
    var meta = node.querySelector(":scope > .post-meta");
    if (meta) fill(meta, post, text);
    var marks = node.querySelector(":scope > .pb-marks");  // official, politician's view
    if (marks) fill(marks, post, text);
    var themes = node.querySelector(":scope > [data-field=themes]");
    if (themes) fillThemes(themes, post.themes || []);
    var outcome = node.querySelector(":scope > [data-field=outcome]");
    if (outcome) fillOutcome(outcome, post.outcome, text);
  }

  /* Clone a <template>, replacing the placeholder id 0 in ids, names and URLs with the post id. */
  function fromTemplate(templateId, post, text) {
    var html = document.getElementById(templateId).innerHTML
      .replace(/(inlagg|ide|ko|anmald|reason|note|reply-body|reply-alias|report-reason|report-note|official-body|official-hint)-0\b/g,
               "$1-" + post.id)
      .replace(/\/inlagg\/0\//g, "/inlagg/" + post.id + "/")
      .replace(/data-post-id="0"/g, 'data-post-id="' + post.id + '"')
      .replace(/name="parent_id" value="0"/g, 'name="parent_id" value="' + post.id + '"');
    var wrapper = document.createElement("div");
    wrapper.innerHTML = html.trim();
    var node = wrapper.firstElementChild;
    fill(node, post, text);
    return node;
  }

  /* Send a form with fetch and ask for JSON; resolves to {status, body}.
     getAttribute, not form.action: a field named "action" (the decision forms) shadows it. */
  function sendForm(form) {
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  /* Socket.IO's own reconnection is off: after a lost connection or a failed handshake this client
     tries again after a pause of full jitter, `backoff(1 + refusals, outage / 10)`. While the
     server is simply gone (a restart) the pause stays within 0–2 s for the first 20 s, so a crowd
     is back as soon as the server is, and then grows with the outage (0–30 s after five minutes);
     each refusal — 503 from the server's admission gate, or a handshake that timed out — doubles
     the window (0–4, 0–8, 0–16, 0–30 s), so a crowd the server cannot take at once spreads out
     instead of coming back in waves. The offline and online notes are status messages
     (WCAG 4.1.3), said once per outage. */
  function refusedByServer(err) {
    if (!err) return false;
    if (err.message === "timeout") return true;
    var status = err.context && typeof err.context.status === "number" ? err.context.status : err.description;
    return status === 503 || status === 429;
  }

  function connect(onConnect, text) {
    var status = document.getElementById("live-status");
    var indicator = document.getElementById("live-indicator");  // quiet "updates live" while connected
    var socket = window.io({ transports: ["websocket", "polling"], tryAllTransports: true,
                             reconnection: false });
    var offlineSince = null, refusals = 0, retryTimer = null;
    function showOffline() {
      if (indicator) { indicator.hidden = true; }
      if (offlineSince !== null) return;  // said once per outage, not at every attempt
      offlineSince = Date.now();
      if (status) { status.textContent = text.offline; status.hidden = false; }
      announce(text.offline);
    }
    function retry() {
      if (retryTimer !== null) return;
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        if (!socket.connected) socket.connect();
      }, backoff(1 + refusals, (Date.now() - offlineSince) / 10));
    }
    socket.on("connect", function () {
      refusals = 0;
      window.clearTimeout(retryTimer);
      retryTimer = null;
      if (status) { status.hidden = true; }
      if (indicator) { indicator.hidden = false; }
      if (offlineSince !== null) announce(text.online);
      offlineSince = null;
      onConnect(socket);
    });
    socket.on("disconnect", function (reason) {
      showOffline();
      if (reason !== "io client disconnect") retry();
    });
    socket.on("connect_error", function (err) {
      showOffline();
      if (refusedByServer(err)) refusals += 1;
      retry();
    });
    return socket;
  }

  /* Emit with an ack that always ends: the server's answer, or {ok: false, error: "timeout"}. */
  function request(socket, name, payload, timeoutMs, done) {
    socket.timeout(timeoutMs).emit(name, payload, function (err, ack) {
      done(err ? { ok: false, error: "timeout" } : (ack || { ok: false, error: "busy" }));
    });
  }

  /* Full jitter: the pause before try number `attempt` (from 1) is anywhere between 0 and
     min(30 s, max(2^attempt s, floorMs)), so a thousand boards that lost the server together do not
     come back in the same second, nor in waves (the first retry within 2 s, the fifth and later
     within 30 s). */
  var BACKOFF_CAP_MS = 30000;
  function backoff(attempt, floorMs) {
    var exponent = Math.min(Math.max(1, attempt || 1), 15);
    var window_ = Math.max(1000 * Math.pow(2, exponent), floorMs || 0);
    return Math.random() * Math.min(BACKOFF_CAP_MS, window_);
  }

  /* After `resync` (more missed than the log replays) the page is built anew, but after a random
     pause of up to 10 s, so a crowd that comes back together does not reload together; the live
     status says so first. */
  var RESYNC_MAX_MS = 10000;
  function reloadSoon(text) {
    var status = document.getElementById("live-status");
    if (status && text.resync) { status.textContent = text.resync; status.hidden = false; }
    announce(text.resync);
    window.setTimeout(function () { window.location.reload(); }, Math.random() * RESYNC_MAX_MS);
  }

  /* Follow a consultation's board events, for every screen that shows a board (board, kiosk,
     projector): applies events strictly in event_id order, each exactly once. A push can overtake
     the ack of join_board, and with several server processes one event can overtake another:
     such events wait here until the gap before them is filled, from the log if need be. A join
     that is not answered in time, or answered "busy", is retried with jitter.
     options: {consultation, lastEventId, handlers: {event: fn(data)}, onJoined: fn(ack), text,
               ownPending: fn() -> true while the screen shows a post of this browser's waiting for
               a decision (then join_board looks up its own posts; without it, "own": false)} */
  var BOARD_EVENTS = ["post_published", "post_withdrawn", "support_changed", "post_updated",
                      "consultation_status", "post_themes", "theme_counts",
                      "post_outcome"];  // parkbank/live/protocol.py

  function followBoard(options) {
    var lastEventId = options.lastEventId || 0;
    var early = {};
    var joining = false, gapTimer = null, retryTimer = null, attempt = 1;
    var socket = null, resyncing = false;

    function drain() {
      if (joining) return;
      while (early[lastEventId + 1]) {
        var next = early[lastEventId + 1];
        delete early[lastEventId + 1];
        lastEventId += 1;
        var handler = options.handlers[next.name];
        if (handler) handler(next.data);
      }
      if (Object.keys(early).length > 0 && !gapTimer) {
        gapTimer = window.setTimeout(function () { gapTimer = null; join(); }, 1000);
      }
    }

    function receive(name, data) {
      if (data.event_id <= lastEventId) return;  // seen already
      early[data.event_id] = { name: name, data: data };
      drain();
    }

    function join() {
      if (!socket.connected || joining || resyncing) return;
      joining = true;
      window.clearTimeout(retryTimer);
      var own = Boolean(options.ownPending && options.ownPending());
      request(socket, "join_board", { consultation: options.consultation, after: lastEventId, own: own },
        8000, function (ack) {
          joining = false;
          if (!ack.ok) {
            if (ack.error === "not_found") return;
            retryTimer = window.setTimeout(join, backoff(attempt++));
            return;
          }
          attempt = 1;
          if (ack.resync) { resyncing = true; reloadSoon(options.text); return; }
          ack.events.forEach(function (e) {
            if (e.data.event_id > lastEventId) early[e.data.event_id] = { name: e.event, data: e.data };
          });
          drain();
          if (options.onJoined) options.onJoined(ack);
        });
    }

    socket = connect(function () { attempt = 1; join(); }, options.text);
    // Every numbered board event is counted, also one this screen does nothing with (the kiosk
    // and the meeting screen show no themes): otherwise it would look like a gap to fill.
    BOARD_EVENTS.concat(Object.keys(options.handlers)).forEach(function (name, i, all) {
      if (all.indexOf(name) !== i) return;
      socket.on(name, function (data) { receive(name, data); });
    });
    return socket;
  }

  window.Parkbank = {
    readJSON: readJSON, announce: announce, fill: fill, refill: refill, fromTemplate: fromTemplate,
    sendForm: sendForm, connect: connect, originLabel: originLabel, formatTime: formatTime,
    formatNumber: formatNumber, countCharacters: countCharacters,
    relativeTime: relativeTime, keepTimesCurrent: keepTimesCurrent,
    request: request, backoff: backoff, refusedByServer: refusedByServer, followBoard: followBoard
  };
})();
