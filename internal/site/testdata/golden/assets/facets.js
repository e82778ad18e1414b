// docket: filters for a timeline page. Cards carry their facet values in
// data-* attributes (space-separated IDs); the form's choices hide the
// cards that lack them, and the query string keeps the choice so that a
// filtered view can be shared. Without JavaScript the form stays hidden
// and the term pages do the same job.
(() => {
  "use strict";
  const form = document.querySelector("form.facets");
  if (!form) return;
  const selects = [...form.querySelectorAll("select")];
  const cards = [...document.querySelectorAll(".timeline .card")];
  const status = form.querySelector(".facet-status");

  // fromURL sets the selects from the query string, adding a choice the
  // page does not list (a link may name a value absent from this page).
  function fromURL() {
    const q = new URLSearchParams(location.search);
    for (const s of selects) {
      const v = q.get(s.name) || "";
      if (v && ![...s.options].some((o) => o.value === v)) {
        s.add(new Option(v + " (0)", v));
      }
      s.value = v;
    }
  }

  function toURL() {
    const q = new URLSearchParams(location.search);
    for (const s of selects) {
      if (s.value) q.set(s.name, s.value);
      else q.delete(s.name);
    }
    const qs = q.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
  }

  function apply() {
    const want = selects.filter((s) => s.value).map((s) => [s.name, s.value]);
    let shown = 0;
    for (const c of cards) {
      const ok = want.every(([k, v]) => (c.dataset[k] || "").split(" ").includes(v));
      c.hidden = !ok;
      if (ok) shown++;
    }
    for (const sec of document.querySelectorAll(".timeline .month, .timeline .year")) {
      sec.hidden = !sec.querySelector(".card:not([hidden])");
    }
    status.textContent = want.length
      ? `Showing ${shown} of ${cards.length} entries on this page.`
      : "";
  }

  form.addEventListener("change", () => { toURL(); apply(); });
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => { toURL(); apply(); }); // after the form has reset
  });
  addEventListener("popstate", () => { fromURL(); apply(); });
  fromURL();
  apply();
  form.hidden = false;
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
})();
