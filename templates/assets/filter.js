// Filters for the case index: each row of table.cases carries its values
// in data-* attributes (space-separated IDs); the form's selects, named
// after them, hide the rows that lack the chosen value. Without
// JavaScript the form stays hidden and the whole table shows.
(function () {
  "use strict";
  const form = document.querySelector("form.case-filters");
  const table = document.querySelector("table.cases");
  if (!form || !table) return;
  const selects = Array.from(form.querySelectorAll("select"));
  const status = form.querySelector(".facet-status");

  function apply() {
    const want = selects.filter((s) => s.value).map((s) => [s.name, s.value]);
    const rows = Array.from(table.tBodies[0].rows);
    let shown = 0;
    for (const r of rows) {
      const ok = want.every(([k, v]) => (r.dataset[k] || "").split(" ").includes(v));
      r.hidden = !ok;
      if (ok) shown++;
    }
    status.textContent = want.length ? `${shown} of ${rows.length} cases` : "";
  }

  form.addEventListener("change", apply);
  // A reset clears the selects after its event: apply once they are.
  form.addEventListener("reset", () => setTimeout(apply));
  form.addEventListener("submit", (e) => e.preventDefault());
  form.hidden = false;
})();
