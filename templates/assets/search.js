// docket: search over the index that the build writes under search/ (see
// internal/site/search.go for its layout). A query loads the manifest,
// one shard per token and one chunk of documents per ten results; what it
// downloads does not grow with the size of the site.
(() => {
  "use strict";
  const status = document.getElementById("search-status");
  const input = document.getElementById("search-q");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  if (!status || !input || !list) return;
  const base = new URL(status.dataset.index, location.href);
  const root = new URL(status.dataset.root, location.href);
  const PER_PAGE = 10;
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const CJK = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}";
  const TOKEN = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{Mc}])+`, "gu");
  const IS_CJK = new RegExp(`^[${CJK}]`, "u");
  // Letters spelled out after lower-casing, as text.Spellings in Go (a
  // test there keeps this line equal): "lodz" finds "Łódź".
  const SPELL = new Map([["ł", "l"], ["ŀ", "l"], ["ø", "o"], ["đ", "d"], ["ð", "d"], ["ħ", "h"], ["ı", "i"], ["ß", "ss"], ["æ", "ae"], ["œ", "oe"], ["þ", "th"]]);
  const SPELLED = new RegExp(`[${[...SPELL.keys()].join("")}]`, "gu");
  const cache = new Map();
  let manifest, t2s, hits = [], shown = 0, generation = 0;

  function load(path) {
    const url = new URL(path, base).href;
    if (!cache.has(url)) {
      cache.set(url, fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        return r.json();
      }));
    }
    return cache.get(url);
  }

  // tokens mirrors searchTokens in search.go: words, and for Han, kana and
  // Hangul one character alone or each pair of adjacent characters.
  function tokens(q) {
    let s = q.normalize("NFKD").replace(/\p{Mn}/gu, "").normalize("NFC").toLowerCase().replace(SPELLED, (c) => SPELL.get(c));
    if (t2s) s = [...s].map((c) => t2s.get(c) ?? c).join("");
    const stop = new Set(manifest.stop);
    const out = new Set();
    for (const [m] of s.matchAll(TOKEN)) {
      const cs = [...m];
      if (IS_CJK.test(m)) {
        if (cs.length === 1) out.add(m);
        for (let i = 0; i + 1 < cs.length; i++) out.add(cs[i] + cs[i + 1]);
      } else if (cs.length > 1 && cs.length <= 40 && !stop.has(m)) {
        out.add(m);
      }
    }
    return [...out];
  }

  function shardOf(tok) {
    let h = 0x811c9dc5;
    for (const b of new TextEncoder().encode(tok)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h % manifest.shards;
  }

  // decode turns postings into a map from document to field (0 body …
  // 3 title).
  function decode(p) {
    const docs = new Map();
    let doc = -1, v = 0, scale = 1;
    for (const ch of p) {
      const d = DIGITS.indexOf(ch);
      if (d >= 32) {
        v += (d - 32) * scale;
        scale *= 32;
        continue;
      }
      v += d * scale;
      doc += Math.floor(v / 4);
      docs.set(doc, v % 4);
      v = 0;
      scale = 1;
    }
    return docs;
  }

  async function postings(tok) {
    const shard = await load(`s/${shardOf(tok)}.json`);
    return Object.hasOwn(shard, tok) ? decode(shard[tok]) : new Map();
  }

  // rank keeps the documents that have every token, best fields first,
  // then newest.
  function rank(lists) {
    lists.sort((a, b) => a.size - b.size);
    const out = [];
    for (const [doc, f] of lists[0]) {
      let score = f + 1;
      for (const l of lists.slice(1)) {
        const g = l.get(doc);
        if (g === undefined) { score = 0; break; }
        score += g + 1;
      }
      if (score) out.push([doc, score]);
    }
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  async function search(q) {
    const gen = ++generation;
    const start = performance.now();
    list.replaceChildren();
    more.hidden = true;
    hits = [];
    shown = 0;
    q = q.trim();
    if (!q) { status.textContent = ""; return; }
    manifest ??= await load("index.json");
    if (!t2s && /\p{Script=Han}/u.test(q)) {
      // Traditional characters fold to Simplified, as in the index.
      const pairs = [...(await load("t2s.json"))];
      t2s = new Map();
      for (let i = 0; i + 1 < pairs.length; i += 2) t2s.set(pairs[i], pairs[i + 1]);
    }
    const toks = tokens(q);
    if (!toks.length) { status.textContent = "Type a word or two to search for."; return; }
    const lists = await Promise.all(toks.map(postings));
    if (gen !== generation) return;
    hits = rank(lists);
    await showMore();
    status.dataset.ms = (performance.now() - start).toFixed(1);
    status.textContent = hits.length === 0 ? `No entries match “${q}”.`
      : hits.length === 1 ? `1 entry matches “${q}”.` : `${hits.length} entries match “${q}”.`;
  }

  async function showMore() {
    const page = hits.slice(shown, shown + PER_PAGE);
    const chunks = await Promise.all(page.map(([doc]) => load(`d/${Math.floor(doc / manifest.chunk)}.json`)));
    page.forEach(([doc], i) => list.append(result(chunks[i][doc % manifest.chunk])));
    shown += page.length;
    more.hidden = shown >= hits.length;
  }

  function el(tag, props, ...kids) {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...kids);
    return e;
  }

  function result([url, title, date, kind, lang, label, summary, story, reports]) {
    const li = el("li", { className: `card ${kind}` });
    if (lang && lang !== document.documentElement.lang) li.lang = lang;
    const meta = el("div", { className: "meta" }, el("time", { dateTime: date }, date));
    if (label) meta.append(" ", el("span", { className: kind === "event" ? "badge kind-badge" : "source" }, label));
    li.append(meta, el("h2", { className: "title" }, el("a", { href: new URL(url, root).href }, title)));
    if (summary) li.append(el("p", { className: "summary" }, summary));
    // A report of a story of several links to the story, as its card does.
    if (story) li.append(el("p", { className: "story-line" }, el("a", { href: new URL(story, root).href }, `${reports} reports`)));
    return li;
  }

  function run(q) {
    search(q).catch((err) => {
      status.textContent = "Search could not load its index. Browse by topic or company instead.";
      console.warn("search:", err);
    });
  }

  input.form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = input.value;
    history.pushState(null, "", q.trim() ? "?q=" + encodeURIComponent(q.trim()) : location.pathname);
    run(q);
  });
  more.addEventListener("click", () => {
    const next = list.children.length;
    showMore().then(() => list.children[next]?.querySelector("a")?.focus());
  });
  addEventListener("popstate", () => {
    input.value = new URLSearchParams(location.search).get("q") || "";
    run(input.value);
  });
  input.value = new URLSearchParams(location.search).get("q") || "";
  if (input.value) run(input.value);
})();
