/* A staff login on a kiosk: after data-idle-seconds without a touch or a key, back to the
   kiosk's public view, which ends the login in this browser (parkbank/kiosk/staff.py). The
   server ends it too on the next request; this makes sure the screen does not sit logged in. */
(function () {
  "use strict";
  var banner = document.getElementById("kiosk-staff");
  if (!banner) return;
  var idleMs = (Number(banner.getAttribute("data-idle-seconds")) || 300) * 1000;
  var home = banner.getAttribute("data-home");
  var timer = null;
  function touched() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { window.location.assign(home); }, idleMs);
  }
  ["pointerdown", "keydown", "input", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, touched, { passive: true, capture: true });
  });
  touched();
})();
