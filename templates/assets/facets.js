// docket: filters for a timeline page. Cards carry their facet values in
// data-* attributes (space-separated IDs), and the build writes the
// choices; a choice hides the cards that lack it, and the query string
// keeps it so that a filtered view can be shared. The form is behind a
// "Filter" control, open when the address names a filter. Without
// JavaScript the control stays hidden and the term pages do the same job.
(() => {
  "use strict";
  const form = document.querySelector("form.facets");
  const cards = [...document.querySelectorAll(".timeline .card")];
  const box = form?.closest("details.filter");
  if (!box || cards.length < 2) return;
  const status = document.querySelector(".facet-status");
  const summary = box.querySelector("summary");
  const selects = [...form.querySelectorAll("select")];
  const has = (card, name, v) => (card.dataset[name] || "").split(" ").includes(v);

  // fromURL sets the selects from the query string, adding a choice the
  // page does not list (a link may name a value absent from this page).
  function fromURL() {
    const q = new URLSearchParams(location.search);
    for (const s of selects) {
      const v = q.get(s.name) || "";
      if (v && ![...s.options].some((o) => o.value === v)) {
        const o = new Option(v, v);
        o.dataset.label = v;
        s.add(o);
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

  // recount says, for each choice, how many cards it would show with the
  // other facets as they are: the counts follow the choices combined.
  function recount(want) {
    for (const s of selects) {
      const others = want.filter(([k]) => k !== s.name);
      const pool = cards.filter((c) => others.every(([k, v]) => has(c, k, v)));
      for (const o of s.options) {
        if (o.value) o.textContent = `${o.dataset.label} (${pool.filter((c) => has(c, s.name, o.value)).length})`;
      }
    }
  }

  function apply() {
    const want = selects.filter((s) => s.value).map((s) => [s.name, s.value]);
    let shown = 0;
    for (const c of cards) {
      const ok = want.every(([k, v]) => has(c, k, v));
      c.hidden = !ok;
      if (ok) shown++;
    }
    for (const sec of document.querySelectorAll(".timeline .month, .timeline .year")) {
      sec.hidden = !sec.querySelector(".card:not([hidden])");
    }
    recount(want);
    status.textContent = want.length
      ? `Showing ${shown} of ${cards.length} entries on this page.`
      : "";
    summary.textContent = want.length ? `Filter (${want.length})` : "Filter";
  }

  form.addEventListener("change", () => { toURL(); apply(); });
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => { toURL(); apply(); }); // after the form has reset
  });
  addEventListener("popstate", () => { fromURL(); apply(); });
  fromURL();
  apply();
  box.open = selects.some((s) => s.value);
  box.hidden = false;
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
})();
