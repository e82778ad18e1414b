// Sortable tables: a button in each column head of table.sortable sorts
// the rows by that column (data-sort, else the cell's text); again, the
// other way. Without JavaScript the table stays as the build ordered it.
(function () {
  for (const table of document.querySelectorAll("table.sortable")) {
    const heads = table.tHead.rows[0].cells;
    for (let col = 0; col < heads.length; col++) {
      const th = heads[col];
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        const asc = th.getAttribute("aria-sort") !== "ascending";
        for (const h of heads) h.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        const body = table.tBodies[0];
        const key = (r) => { const c = r.cells[col]; return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent.trim(); };
        const rows = Array.from(body.rows).sort(function (a, b) {
          const x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
          const d = !isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y ? nx - ny : x.localeCompare(y);
          return asc ? d : -d;
        });
        for (const r of rows) body.appendChild(r);
      });
    }
  }
})();
