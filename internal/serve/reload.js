// docket serve: reload when a file changes. Not part of built sites.
(function () {
  var es = new EventSource("/_docket/events");
  es.addEventListener("reload", function (e) {
    var d = {};
    try { d = JSON.parse(e.data); } catch (_) {}
    if (d.path && location.pathname !== d.path && document.body.className.indexOf("kind-entry") >= 0) {
      location.href = d.path; // an entry page follows the entry being edited
    } else {
      location.reload();
    }
  });
})();
