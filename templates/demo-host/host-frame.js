// The demo host's side of the panel's height message (docs/host-contract.md): it accepts a message only from
// the plugin's origin and from its own panel iframe, checks its shape, and sizes the iframe to the content.
(function () {
  'use strict';
  var frames = document.querySelectorAll('iframe[data-plugin-origin]');
  window.addEventListener('message', function (event) {
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (event.source !== frame.contentWindow) continue;
      if (event.origin !== frame.getAttribute('data-plugin-origin')) return;
      var m = event.data;
      if (!m || m.type !== 'beslutningsstotte:panel-height' || m.version !== 1) return;
      if (typeof m.height !== 'number' || !isFinite(m.height) || m.height < 100 || m.height > 20000) return;
      frame.style.height = Math.ceil(m.height) + 'px';
      return;
    }
  });
})();
