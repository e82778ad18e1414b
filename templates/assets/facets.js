// docket: filters for a timeline page. Cards carry their facet values in
// data-* attributes (space-separated IDs); the form's choices hide the
// cards that lack them, and the query string keeps the choice so that a
// filtered view can be shared. The form is behind a "Filter" control,
// open when the address names a filter. Without JavaScript the control
// stays hidden and the term pages do the same job.
//
// The choices are made here, from the cards: the page would otherwise
// carry a list of them that only this script can use.
(() => {
  "use strict";
  const form = document.querySelector("form.facets");
  const cards = [...document.querySelectorAll(".timeline .card")];
  const box = form?.closest("details.filter");
  if (!box || cards.length < 2) return;
  const status = document.querySelector(".facet-status");
  const summary = box.querySelector("summary");
  const kinds = { event: "Events", news: "News" };

  // choices counts the values of a facet over the cards. A card's chips
  // of the facet's class name its values, in the order of its attribute.
  function choices(name) {
    const seen = new Map();
    for (const c of cards) {
      const chips = c.querySelectorAll(".chip." + name);
      (c.dataset[name] || "").split(" ").filter(Boolean).forEach((id, i) => {
        const label = name === "kind" ? kinds[id] || id : name === "year" ? id : chips[i]?.textContent.trim() || id;
        const v = seen.get(id) || { id, label, count: 0 };
        v.count++;
        seen.set(id, v);
      });
    }
    return [...seen.values()];
  }

  // Years newest first, the rest by name; a facet with nothing to choose
  // (no value, or one that every card has) is left out.
  const byName = (a, b) => {
    const x = a.label.toLowerCase(), y = b.label.toLowerCase();
    return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  const selects = [];
  for (const s of form.querySelectorAll("select")) {
    const vs = choices(s.name).sort(s.name === "year" ? (a, b) => (a.id < b.id ? 1 : -1) : byName);
    if (vs.length === 0 || (vs.length === 1 && vs[0].count === cards.length)) {
      s.closest(".facet").remove();
      continue;
    }
    for (const v of vs) s.add(new Option(`${v.label} (${v.count})`, v.id));
    selects.push(s);
  }
  if (selects.length === 0) return;

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
