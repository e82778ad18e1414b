// docket: the "Filter" control of a listing page. It shows the control,
// opens it when the address names a filter or a sort order, and loads the
// filters themselves (facets-all.js, with their index) only when it is
// opened: a plain visit loads neither. Without JavaScript the control
// stays hidden and the term pages are the filters.
(() => {
  "use strict";
  // A histogram's link to a month of a year (#m2021-09) lands on the
  // year's month index when the month's cards are on a numbered page:
  // go on to them, unless a filter (the query) shows the year's matches.
  const jump = () => {
    const a = location.hash && !location.search ? document.getElementById(location.hash.slice(1)) : null;
    if (a?.classList.contains("month-jump")) location.replace(a.href);
  };
  addEventListener("hashchange", jump);
  jump();
  const form = document.querySelector("form.facets");
  const box = form?.closest("details.filter");
  if (!box || !document.querySelector(".timeline")) return;
  const q = new URLSearchParams(location.search);
  const n = [...form.querySelectorAll("select")].filter((s) => s.name !== "sort" && q.get(s.name)).length;
  box.querySelector("summary").textContent = n ? `Filter (${n})` : "Filter";
  box.addEventListener("toggle", () => {
    if (!box.open || form.dataset.loading !== undefined) return;
    form.dataset.loading = "";
    const s = Object.assign(document.createElement("script"), { src: form.dataset.script });
    s.onerror = () => {
      delete form.dataset.loading; // closing and opening again tries again
      const p = form.querySelector(".facet-error") || form.appendChild(Object.assign(document.createElement("p"), { className: "facet-error" }));
      p.setAttribute("role", "alert");
      p.textContent = "The filters could not load. Browse by topic or company instead.";
    };
    document.head.append(s);
  });
  box.open = n > 0 || q.has("sort");
  box.hidden = false;
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
})();
