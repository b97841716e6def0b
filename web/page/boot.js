// Runs before the page's module: says plainly when the page cannot start, rather than leaving an
// empty page. A page opened as a file (file://) cannot load ES modules or WebAssembly in Chrome
// or Edge; nothing else needs saying unless the module fails to start in time.
(function () {
  'use strict';
  function say(text) {
    var problem = document.getElementById('unsupported');
    if (!problem || !document.body || document.body.hasAttribute('data-ready')) return;
    problem.textContent = text;
    problem.hidden = false;
  }
  document.addEventListener('DOMContentLoaded', function () {
    if (location.protocol === 'file:') {
      say('This page was opened as a file, and browsers do not run its WebAssembly from ' +
        'files. Open it from a web address instead: the folder on the school\u2019s intranet ' +
        'or any web server (see \u201cIn the browser\u201d in iep\u2019s README).');
    }
    setTimeout(function () {
      if (!document.body.hasAttribute('data-ready')) {
        say('iep could not start in this browser. It needs a current Chrome, Edge, Firefox ' +
          'or Safari, opened from a web address.');
      }
    }, 15000);
  });
})();
