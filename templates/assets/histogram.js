// docket: a histogram month's count in words, under the chart, when its
// bar is focused, pointed at or tapped. On a touch screen the first tap
// on a bar shows its count and the second follows its link. Without
// JavaScript each bar's title says the same.
(() => {
  "use strict";
  for (const fig of document.querySelectorAll(".histogram")) {
    const out = fig.querySelector(".hist-readout");
    if (!out) continue;
    let touch = false, armed = null; // armed: the bar a tap showed
    const bar = (e) => e.target.closest?.("svg a");
    const show = (a) => { out.textContent = a.querySelector("title")?.textContent || ""; };
    out.textContent = "Select a month to see its count.";
    out.hidden = false;
    fig.addEventListener("focusin", (e) => { const a = bar(e); if (a) show(a); });
    fig.addEventListener("mouseover", (e) => { const a = bar(e); if (a) show(a); });
    fig.addEventListener("pointerdown", (e) => { touch = e.pointerType === "touch"; });
    fig.addEventListener("keydown", () => { touch = false; }); // Enter on a bar follows it
    fig.addEventListener("click", (e) => {
      const a = bar(e);
      if (a && touch && armed !== a) {
        e.preventDefault();
        armed = a;
        show(a);
      }
    });
  }
})();
