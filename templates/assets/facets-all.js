// docket: filters over a whole listing (the timeline, an archive year or
// a term page: the form's data-scope), not just the page shown. facets.js
// loads this when the "Filter" control is first opened (at once when the
// address names a filter); this loads the facet index the build wrote,
// search/facets.json (its layout is in internal/site/facets.go), and the
// terms' names, data/terms.json. A plain visit loads none of them. Each
// choice counts the entries it would show with the other choices as they
// are; the matching entries show as cards made from the search's
// documents, a page at a time. The query string keeps the choices, the
// sort order and the page, so a filtered view can be shared and the back
// button pages back. Entry text is set as text, never as markup.
(() => {
  "use strict";
  const form = document.querySelector("form.facets");
  const box = form?.closest("details.filter");
  const timeline = document.querySelector(".timeline");
  if (!box || !timeline) return;
  const status = document.querySelector(".facet-status");
  const summary = box.querySelector("summary");
  const sortBy = form.elements.sort;
  const selects = [...form.querySelectorAll("select")].filter((s) => s !== sortBy);
  const pagers = [...document.querySelectorAll("nav.pager")];
  const root = new URL(form.dataset.root, location.href);
  // Ten cards a page at most, as search shows: scattered matches cost a
  // chunk of documents each.
  const perPage = Math.min(Number(form.dataset.perPage) || 10, 10);
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const kinds = { event: "Events", news: "News" };
  const el = (tag, props, ...kids) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...kids);
    return e;
  };
  // The results take the place of the year and month heads, hidden:
  // a head of their own keeps the page's outline whole (h1, h2, the
  // cards' h3).
  const head = el("h2", { className: "vh", hidden: true }, "Filtered entries");
  const list = el("ol", { className: "entries results", hidden: true });
  list.setAttribute("aria-label", "Filtered entries");
  const nav = el("nav", { className: "pager", hidden: true });
  nav.setAttribute("aria-label", "Pages of filtered entries");
  timeline.append(head, list, nav);

  let x = null; // the index, decoded
  let names = {}; // facet → ID → name, from data/terms.json
  let generation = 0;
  const cache = new Map();
  const label = (name, id) => name === "kind" ? kinds[id] || id : (Object.hasOwn(names[name] ?? {}, id) && names[name][id]) || id;

  function load(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        return r.json();
      }).catch((e) => { cache.delete(url); throw e; }));
    }
    return cache.get(url);
  }

  // postings decodes a list of documents (see internal/site/facets.go).
  function postings(p, f) {
    let d = -1, v = 0, scale = 1;
    for (const ch of p) {
      const c = DIGITS.indexOf(ch);
      if (c >= 32) { v += (c - 32) * scale; scale *= 32; continue; }
      d += v + c * scale + 1;
      f(d);
      v = 0; scale = 1;
    }
  }

  // decode turns the index into arrays by document: whether an event,
  // its year and month (YYYYMM), the codes of its terms, its story (the
  // story's lead report, or itself) and amount.
  function decode(ix) {
    const n = ix.docs, event = new Uint8Array(n), year = new Uint16Array(n), month = new Int32Array(n);
    const story = new Int32Array(n).map((_, i) => i), amount = new Map();
    const codes = Array.from({ length: n }, () => []);
    let d = 0;
    for (const [y, k] of ix.years) for (let i = 0; i < k; i++) year[d++] = y;
    d = 0;
    for (const [m, k] of ix.months) for (let i = 0; i < k; i++) month[d++] = m;
    const types = new Map();
    for (let i = 0; i + 1 < ix.types.length; i += 2) types.set(ix.types[i], ix.types[i + 1]);
    ix.postings.split(" ").forEach((p, c) => postings(p, (d) => codes[d].push(c)));
    postings(ix.events, (d) => { event[d] = 1; });
    for (const [head, ...rest] of ix.stories) for (const r of rest) story[r] = head;
    const foreign = new Map();
    for (let i = 0; i + 2 < ix.foreign.length; i += 3) foreign.set(ix.foreign[i], [ix.foreign[i + 1], ix.foreign[i + 2]]);
    for (let i = 0; i + 1 < ix.amounts.length; i += 2) {
      const doc = ix.amounts[i], [v, cur] = foreign.get(doc) ?? [ix.amounts[i + 1], "EUR"];
      amount.set(doc, [ix.amounts[i + 1], money(v, cur)]);
    }
    const cls = ix.terms.map(([c]) => ix.classes[c]);
    const code = new Map(ix.terms.map(([c, id], i) => [ix.classes[c] + ":" + id, i]));
    return { n, event, year, month, story, types, codes, amount, cls, ids: ix.terms.map(([, id]) => id), code, chunk: ix.chunk };
  }

  // money writes an amount as cards do (content.Amount.String in Go).
  function money(v, cur) {
    const round = (x, p) => Math.round(x * 10 ** p) / 10 ** p;
    if (v >= 1e12 - 5e8) return `${cur} ${round(v / 1e12, 3)} trillion`;
    if (v >= 1e9 - 500) return `${cur} ${round(v / 1e9, 3)} billion`;
    if (v >= 1e6 - 0.5) return `${cur} ${round(v / 1e6, 3)} million`;
    if (v >= 999.995) return `${cur} ${String(Math.round(v)).replace(/\B(?=(\d{3})+$)/g, ",")}`;
    return `${cur} ${round(v, 2)}`;
  }

  // test is a predicate on documents for a choice: name=value.
  function test(name, value) {
    if (name === "year") return (d) => x.year[d] === Number(value);
    if (name === "kind") return (d) => (value === "event" && x.event[d] === 1) || (value === "news" && x.event[d] === 0);
    const c = x.code.get(name + ":" + value);
    return (d) => c !== undefined && x.codes[d].includes(c);
  }

  // values are a document's values of a facet.
  function values(d, name) {
    if (name === "year") return [String(x.year[d])];
    if (name === "kind") return [x.event[d] ? "event" : "news"];
    return x.codes[d].filter((c) => x.cls[c] === name).map((c) => x.ids[c]);
  }

  // The listing's documents: on the home page all, backfilled ones too.
  let scope = [], own = "", total = 0;
  function setScope() {
    const s = form.dataset.scope, i = s.indexOf(":");
    own = s;
    const inScope = i < 0 ? () => true : test(s.slice(0, i), s.slice(i + 1));
    scope = [];
    for (let d = 0; d < x.n; d++) if (inScope(d)) scope.push(d);
    total = scope.length;
  }

  // cards are the cards of the matching documents (newest first), one a
  // story, in the order asked for. A card is an entry that matches: its
  // story's lead report if that matches, else its newest matching report
  // (oldest first: its oldest). Sorted by amount, a card counts the
  // largest amount of its matching entries.
  function cards(docs, order) {
    const by = new Map();
    for (const d of docs) {
      const s = x.story[d], eur = x.amount.get(d)?.[0] ?? -2, c = by.get(s);
      if (!c) { by.set(s, { doc: d, eur }); continue; }
      if (c.doc !== s && (d === s || order === "oldest")) c.doc = d;
      c.eur = Math.max(c.eur, eur);
    }
    const found = [...by.values()].sort((a, b) => a.doc - b.doc);
    if (order === "oldest") found.reverse();
    if (order === "amount") found.sort((a, b) => b.eur - a.eur || a.doc - b.doc);
    return found.map((c) => c.doc);
  }

  // count counts, for each value of a facet, the entries it would show
  // with the other choices, as the histogram and the term pages count.
  function count(name, want) {
    const others = want.filter(([k]) => k !== name).map(([k, v]) => test(k, v));
    const counts = new Map();
    for (const d of scope) {
      if (!others.every((t) => t(d))) continue;
      for (const v of values(d, name)) counts.set(v, (counts.get(v) || 0) + 1);
    }
    return counts;
  }

  function wanted() {
    return selects.filter((s) => s.value).map((s) => [s.name, s.value]);
  }

  // choices fills each select with the listing's values, named and
  // counted; a facet with nothing to choose (no value, or one that every
  // entry has) is hidden unless the address names it.
  function choices() {
    const want = wanted();
    for (const s of selects) {
      const all = count(s.name, []);
      const v = s.value;
      if (v && !all.has(v)) all.set(v, 0);
      // A term page's own term is no choice on it.
      if (own.startsWith(s.name + ":") && own !== s.name + ":" + v) all.delete(own.slice(s.name.length + 1));
      const ids = [...all.keys()].sort(s.name === "year" ? (a, b) => b - a
        : (a, b) => label(s.name, a).localeCompare(label(s.name, b)) || (a < b ? -1 : 1));
      s.replaceChildren(new Option("All", ""), ...ids.map((id) => new Option(label(s.name, id), id)));
      s.value = v;
      s.closest(".facet").hidden = !v && (ids.length === 0 || (ids.length === 1 && all.get(ids[0]) === total));
    }
    recount(want);
  }

  function recount(want) {
    for (const s of selects) {
      const counts = count(s.name, want);
      for (const o of s.options) {
        if (o.value) o.textContent = `${label(s.name, o.value)} (${counts.get(o.value) || 0})`;
      }
    }
  }

  // fromURL sets the form from the query string. A kind other than
  // event or news, or a sort order other than oldest or amount, is
  // ignored (newest is the default); an unknown term or year is kept
  // and matches nothing.
  const known = { kind: ["event", "news"], sort: ["oldest", "amount"] };
  function fromURL() {
    const q = new URLSearchParams(location.search);
    for (const s of [...selects, sortBy]) {
      let v = q.get(s.name) || "";
      if (Object.hasOwn(known, s.name) && !known[s.name].includes(v)) v = "";
      if (v && ![...s.options].some((o) => o.value === v)) s.add(new Option(v, v));
      s.value = v;
    }
  }

  // url is the address of page p of the form's choices.
  function url(p) {
    const q = new URLSearchParams(location.search);
    for (const s of [...selects, sortBy]) {
      if (s.value) q.set(s.name, s.value);
      else q.delete(s.name);
    }
    if (p > 1) q.set("p", p);
    else q.delete("p");
    const qs = q.toString();
    return location.pathname + (qs ? "?" + qs : "");
  }

  const day = (d) => `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;
  const link = (path) => {
    const u = new URL(path, root);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : "#";
  };

  // card makes an entry's card from its search document row.
  function card(doc, [path, title, date, kind, lang, tag, blurb, , story, reports]) {
    const li = el("li", { className: `card ${kind}` });
    // The entry's language marks its own words, as the built card does.
    const own = (node) => {
      if (lang && lang !== document.documentElement.lang) node.lang = lang;
      return node;
    };
    const meta = el("div", { className: "meta" }, el("time", { dateTime: date }, day(date)));
    const type = kind === "event" ? "" : x.types.get(x.codes[doc].find((c) => x.types.has(c)));
    if (type) meta.append(" ", el("span", { className: "badge source-type" }, type));
    if (tag) meta.append(" ", el("span", { className: kind === "event" ? "badge kind-badge" : "source" }, tag));
    li.append(meta, own(el("h3", { className: "title" }, el("a", { href: link(path) }, title))));
    if (blurb) li.append(own(el("p", { className: "summary" }, blurb)));
    const line = el("p", { className: "card-line" });
    const amount = x.amount.get(doc);
    if (amount) line.append(el("span", { className: "amount" }, amount[1]));
    if (story) line.append(el("span", { className: "story-line" }, el("a", { href: link(story) }, `${reports} reports`)));
    if (line.childNodes.length) li.append(line);
    return li;
  }

  function pageLink(p, text, current, rel) {
    if (current) {
      const s = el("span", {}, text);
      s.setAttribute("aria-current", "page");
      return el("li", {}, s);
    }
    const a = el("a", { href: url(p) }, text);
    if (rel) a.rel = rel;
    a.dataset.p = p;
    return el("li", {}, a);
  }

  function showPager(p, pages) {
    const items = [];
    // As the built pager says, newest first; other orders page on.
    const [back, on] = sortBy.value ? ["← Previous", "Next →"] : ["← Newer", "Older →"];
    if (p > 1) items.push(pageLink(p - 1, back, false, "prev"));
    for (let n = 1; n <= pages; n++) {
      if (n === 1 || n === pages || Math.abs(n - p) <= 2) items.push(pageLink(n, String(n), n === p));
      else if (items.at(-1)?.className !== "gap") items.push(el("li", { className: "gap" }, "…"));
    }
    if (p < pages) items.push(pageLink(p + 1, on, false, "next"));
    nav.replaceChildren(el("ul", {}, ...items));
    nav.hidden = pages < 2;
  }

  // show shows the listing as built, or the entries the choices match.
  async function show() {
    const gen = ++generation, start = performance.now();
    const want = wanted();
    summary.textContent = want.length ? `Filter (${want.length})` : "Filter";
    if (!x) return;
    recount(want);
    const on = want.length > 0 || sortBy.value !== "";
    for (const c of timeline.children) if (c !== head && c !== list && c !== nav) c.hidden = on;
    for (const p of pagers) p.hidden = on;
    list.hidden = head.hidden = !on;
    if (!on) {
      nav.hidden = true;
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const tests = want.map(([k, v]) => test(k, v));
    const matched = scope.filter((d) => tests.every((t) => t(d))), found = cards(matched, sortBy.value);
    const pages = Math.max(1, Math.ceil(found.length / perPage));
    const q = new URLSearchParams(location.search);
    let p = Math.min(pages, Math.max(1, Math.floor(Number(q.get("p"))) || 1));
    // A histogram's link to a month (#m2016-01) opens the page of the
    // results that holds the month's first card.
    const m = /^#m(\d{4})-(\d{2})$/.exec(location.hash);
    const at = m && !q.has("p") ? found.findIndex((d) => x.month[d] === Number(m[1] + m[2])) : -1;
    if (at >= 0) p = Math.floor(at / perPage) + 1;
    const docs = found.slice((p - 1) * perPage, p * perPage);
    // The index numbers entries newest first, the search's documents
    // from the oldest: entry d is document n-1-d.
    const chunks = await Promise.all(docs.map((d) => load(new URL(`d/${Math.floor((x.n - 1 - d) / x.chunk)}.json`, new URL(form.dataset.index, location.href)).href)));
    if (gen !== generation) return;
    list.replaceChildren(...docs.map((d, i) => card(d, chunks[i][(x.n - 1 - d) % x.chunk])));
    showPager(p, pages);
    if (at >= 0) list.children[at % perPage].scrollIntoView();
    status.dataset.ms = (performance.now() - start).toFixed(1);
    // Entries are counted as everywhere; the reports of a story show
    // together, on one card.
    status.textContent = `${matched.length} of ${total} ${total === 1 ? "entry" : "entries"} ${matched.length === 1 ? "matches" : "match"}` +
      (found.length < matched.length ? `, on ${found.length} cards (a story's reports share one)` : "") +
      (pages > 1 ? `; page ${p} of ${pages}.` : ".");
  }

  function update() {
    show().catch(failed);
  }

  function failed(err) {
    status.textContent = "The filters could not load their index. Browse by topic or company instead.";
    console.warn("facets:", err);
  }

  // open loads the index and the names, then fills the choices.
  function open() {
    form.querySelector(".facet-error")?.remove(); // an earlier try's
    return Promise.all([
      load(new URL(form.dataset.index, location.href).href),
      load(new URL(form.dataset.terms, location.href).href).catch(() => ({})),
    ]).then(([ix, n]) => {
      if (ix.version !== 2) throw new Error("facet index version " + ix.version);
      x = decode(ix);
      names = n;
      setScope();
      choices();
      form.dataset.named = "";
      return show();
    }).catch(failed);
  }

  // Each change is a step in the history: Back undoes it. The arrow
  // keys change a closed select at each press, between its keydown and
  // keyup: a run of such changes to one select is one step, which ends
  // when anything else happens (focus leaves it, a reset, a page, Back).
  let keyed = null, browsing = null;
  const stopBrowsing = () => { browsing = null; };
  form.addEventListener("keydown", (e) => { keyed = /^(Arrow|Page|Home|End)/.test(e.key) ? e.target : null; });
  form.addEventListener("keyup", () => { keyed = null; });
  form.addEventListener("focusout", stopBrowsing);
  form.addEventListener("change", (e) => {
    const run = keyed === e.target && browsing === e.target;
    browsing = keyed === e.target ? e.target : null;
    history[run ? "replaceState" : "pushState"](null, "", url(1));
    update();
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("reset", () => {
    stopBrowsing();
    setTimeout(() => { history.pushState(null, "", url(1)); update(); }); // after the form has reset
  });
  nav.addEventListener("click", (e) => {
    const a = e.target.closest("a[data-p]");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    stopBrowsing();
    history.pushState(null, "", a.href);
    show().then(() => {
      timeline.scrollIntoView();
      list.querySelector("a")?.focus();
    }).catch(failed);
  });
  addEventListener("popstate", () => { stopBrowsing(); fromURL(); update(); });
  fromURL();
  open();
})();
