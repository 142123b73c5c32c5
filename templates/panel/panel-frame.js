// The panel page's only script (served as /assets/panel-frame.js; the CSP allows script from the plugin itself and
// nothing inline). It tells the host page how tall the panel is, so the host's iframe fits its content, and it
// moves focus to the confirmation after a flag is saved. The page works without it.
// Message (docs/host-contract.md): { type: 'beslutningsstotte:panel-height', version: 1, referralId, height }
// sent only to the host origins the server is configured to be framed by; the host must check event.origin.
(function () {
  'use strict';
  if (window.parent === window) return;
  var origins = (document.documentElement.getAttribute('data-host-origins') || '').split(' ').filter(Boolean);
  var main = document.querySelector('[data-referral]');
  var referralId = main ? main.getAttribute('data-referral') : null;
  var last = -1;
  function report() {
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height === last) return;
    last = height;
    var message = { type: 'beslutningsstotte:panel-height', version: 1, referralId: referralId, height: height };
    for (var i = 0; i < origins.length; i++) window.parent.postMessage(message, origins[i]);
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener('load', report);
  document.addEventListener('toggle', report, true);
  report();
})();
(function () {
  'use strict';
  var saved = document.getElementById('bs-flag-saved');
  if (saved) {
    saved.focus();
    saved.scrollIntoView({ block: 'center' });
  }
})();
