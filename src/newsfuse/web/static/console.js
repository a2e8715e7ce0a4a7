// The stories page's live notice: ask the server every few seconds whether a run has published a
// new snapshot, and say how many new stories it holds. No library, no request beyond /api/status.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (live) {
    var generation = live.dataset.generation;
    var shown = Number(live.dataset.stories);
    var every = Number(live.dataset.every) || 4000;
    var poll = function () {
      fetch("/api/status", { cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (status) {
          if (status && status.generation !== generation) {
            var n = status.stories - shown;
            var text = n > 0 ? n + (n === 1 ? " new story" : " new stories") : "The stories were updated";
            var link = document.createElement("a");
            link.href = window.location.href;
            link.textContent = "refresh";
            live.replaceChildren(text + " — ", link);
          }
        })
        .catch(function () { /* the server is restarting: try again at the next tick */ })
        .finally(function () { window.setTimeout(poll, every); });
    };
    window.setTimeout(poll, every);
  }
  // "/" jumps to the search box, as on many sites; not while typing in a field.
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("q");
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (event.key === "/" && box && !typing) {
      event.preventDefault();
      box.focus();
    }
  });
})();
