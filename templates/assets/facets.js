// docket: filters for a timeline page. Cards carry their facet values in
// data-* attributes (space-separated IDs); the choices are made here from
// them, and named from data/terms.json, fetched when the filters are
// first opened (a card shows only some of its chips, and the names in
// every page would weigh more than its entries). A choice hides the cards
// that lack it, and the query string keeps it so that a filtered view can
// be shared. The form is behind a "Filter" control, open when the address
// names a filter. Without JavaScript the control stays hidden and the
// term pages do the same job.
(() => {
  "use strict";
  const form = document.querySelector("form.facets");
  const cards = [...document.querySelectorAll(".timeline .card")];
  const box = form?.closest("details.filter");
  if (!box || cards.length < 2) return;
  const status = document.querySelector(".facet-status");
  const summary = box.querySelector("summary");
  const kinds = { event: "Events", news: "News" };
  const has = (card, name, v) => (card.dataset[name] || "").split(" ").includes(v);
  let names = {}; // facet → ID → name, from data/terms.json

  const label = (name, id) => name === "kind" ? kinds[id] || id : (Object.hasOwn(names[name] ?? {}, id) && names[name][id]) || id;

  // Each facet's values over the cards; a facet with nothing to choose
  // (no value, or one that every card has) is left out.
  const selects = [];
  for (const s of form.querySelectorAll("select")) {
    const ids = new Set(cards.flatMap((c) => (c.dataset[s.name] || "").split(" ").filter(Boolean)));
    const all = ids.size === 1 && cards.every((c) => has(c, s.name, [...ids][0]));
    if (ids.size === 0 || all) {
      s.closest(".facet").remove();
      continue;
    }
    for (const id of ids) s.add(new Option(id, id));
    selects.push(s);
  }
  if (selects.length === 0) return;

  // order sorts a select's choices: years newest first, the rest by name.
  function order(s) {
    const opts = [...s.options].slice(1);
    const key = (o) => label(s.name, o.value).toLowerCase();
    opts.sort(s.name === "year" ? (a, b) => (a.value < b.value ? 1 : -1)
      : (a, b) => key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.value < b.value ? -1 : 1);
    const v = s.value;
    s.append(...opts);
    s.value = v;
  }

  // fromURL sets the selects from the query string, adding a choice the
  // page does not list (a link may name a value absent from this page).
  function fromURL() {
    const q = new URLSearchParams(location.search);
    for (const s of selects) {
      const v = q.get(s.name) || "";
      if (v && ![...s.options].some((o) => o.value === v)) s.add(new Option(v, v));
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

  // recount names each choice with the number of cards it would show
  // with the other facets as they are: the counts follow the choices.
  function recount(want) {
    for (const s of selects) {
      const others = want.filter(([k]) => k !== s.name);
      const pool = cards.filter((c) => others.every(([k, v]) => has(c, k, v)));
      for (const o of s.options) {
        if (o.value) o.textContent = `${label(s.name, o.value)} (${pool.filter((c) => has(c, s.name, o.value)).length})`;
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

  // nameChoices fetches the terms' names once; without them the choices
  // keep their IDs.
  let naming = null;
  function nameChoices() {
    naming ??= fetch(form.dataset.terms)
      .then((r) => (r.ok ? r.json() : {}))
      .catch(() => ({}))
      .then((n) => {
        names = n;
        selects.forEach(order);
        apply();
        form.dataset.named = "";
      });
    return naming;
  }

  form.addEventListener("change", () => { toURL(); apply(); });
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => { toURL(); apply(); }); // after the form has reset
  });
  box.addEventListener("toggle", () => { if (box.open) nameChoices(); });
  addEventListener("popstate", () => { fromURL(); apply(); });
  fromURL();
  selects.forEach(order);
  apply();
  box.open = selects.some((s) => s.value);
  box.hidden = false;
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
})();
