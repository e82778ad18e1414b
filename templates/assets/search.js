// docket: search over the index that the build writes under search/ (see
// internal/search for its layout). A query loads the manifest, a base and
// a tail shard per term and one chunk of documents per ten results; what
// it downloads does not grow with the size of the site.

// docketTerms turns text into index terms exactly as internal/search does
// (search.Tokens, then search.Stem): a test in internal/site runs both
// over the same strings and fails on any difference.
const docketTerms = (() => {
  "use strict";
  const CJK = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u30FC\\uFF70"; // and ー, as Go's text.IsCJK
  const TOKEN = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{Mc}])+`, "gu");
  const IS_CJK = new RegExp(`^[${CJK}]`, "u");
  // Letters spelled out after lower-casing, as text.Spellings in Go (a
  // test there keeps this line equal): "lodz" finds "Łódź".
  const SPELL = new Map([["ł", "l"], ["ŀ", "l"], ["ø", "o"], ["đ", "d"], ["ð", "d"], ["ħ", "h"], ["ı", "i"], ["ß", "ss"], ["æ", "ae"], ["œ", "oe"], ["þ", "th"]]);

  // fold: Traditional to Simplified, marks dropped, lower case letter by
  // letter as Go does (a whole-string toLowerCase writes a final σ as ς).
  function fold(s, t2s) {
    if (t2s) s = [...s].map((c) => t2s.get(c) ?? c).join("");
    s = s.normalize("NFKD").replace(/\p{Mn}/gu, "").normalize("NFC");
    return [...s].map((c) => { const l = c.toLowerCase(); return SPELL.get(l) ?? l; }).join("");
  }

  // terms: the terms of each word, and of each run of Han, kana or
  // Hangul its characters and pairs of characters, in the order of Go's.
  function terms(s, stop, t2s) {
    const groups = [];
    for (const [m] of fold(s, t2s).matchAll(TOKEN)) {
      const cs = [...m];
      if (IS_CJK.test(m)) groups.push(cs.flatMap((c, i) => (i + 1 < cs.length ? [c, c + cs[i + 1]] : [c])));
      else if (cs.length > 1 && cs.length <= 40 && !stop.has(m)) groups.push([/^[a-z]+$/.test(m) ? stem(m) : m]);
    }
    return groups;
  }

  // stem mirrors the Snowball English (Porter2) stemmer of
  // github.com/kljensen/snowball, which the index uses, quirks included.
  const SPECIAL = new Map("skis ski skies sky dying die lying lie tying tie idly idl gently gentl ugly ugli early earli only onli singly singl"
    .split(" ").flatMap((w, i, a) => (i % 2 ? [] : [[w, a[i + 1]]])));
  for (const w of "sky news howe atlas cosmos bias andes".split(" ")) SPECIAL.set(w, w);
  for (const w of "inning outing canning herring earring".split(" ")) SPECIAL.set(w, w).set(w + "s", w);
  for (const w of ["proceed", "exceed", "succeed"]) for (const e of ["", "s", "ed", "ing"]) SPECIAL.set(w + e, w);
  const STEP2 = { ational: "ate", fulness: "ful", iveness: "ive", ization: "ize", ousness: "ous", biliti: "ble", lessli: "less", tional: "tion", alism: "al", aliti: "al", ation: "ate", entli: "ent", fulli: "ful", iviti: "ive", ousli: "ous", anci: "ance", abli: "able", alli: "al", ator: "ate", enci: "ence", izer: "ize", bli: "ble", ogi: "", li: "" };
  const STEP3 = { ational: "ate", tional: "tion", alize: "al", icate: "ic", ative: "", iciti: "ic", ical: "ic", ful: "", ness: "" };
  const STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ent", "ant", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];
  const vowel = (c) => "aeiouy".includes(c);
  function stem(word) {
    if (word.length <= 2) return word;
    if (SPECIAL.has(word)) return SPECIAL.get(word);
    let w = "";
    for (const c of word) w += c === "y" && (w === "" || vowel(w.at(-1))) ? "Y" : c;
    const vnv = (start) => {
      for (let j = start + 1; j < w.length; j++) if (vowel(w[j - 1]) && !vowel(w[j])) return j + 1;
      return w.length;
    };
    const pre = ["gener", "commun", "arsen"].find((p) => w.startsWith(p));
    let r1 = pre ? pre.length : vnv(0), r2 = vnv(r1);
    const set = (s) => { w = s; r1 = Math.min(r1, w.length); r2 = Math.min(r2, w.length); };
    const suffix = (list) => list.find((s) => w.endsWith(s)) ?? "";
    const cut = (n) => set(w.slice(0, w.length - n));
    const shortSyllable = (i) => i === 2 ? vowel(w[0]) && !vowel(w[1])
      : i >= 3 && !vowel(w[i - 1]) && !"wxY".includes(w[i - 1]) && vowel(w[i - 2]) && !vowel(w[i - 3]);
    // step 1a
    let s = suffix(["sses", "ied", "ies", "us", "ss", "s"]);
    if (s === "sses") cut(2);
    else if (s === "ied" || s === "ies") set(w.slice(0, -3) + (w.length > 4 ? "i" : "ie"));
    else if (s === "s" && [...w.slice(0, -2)].some(vowel)) cut(1);
    // step 1b
    s = suffix(["eedly", "ingly", "edly", "ing", "eed", "ed"]);
    if (s === "eed" || s === "eedly") {
      if (s.length <= w.length - r1) set(w.slice(0, -s.length) + "ee");
    } else if (s && [...w.slice(0, -s.length)].some(vowel)) {
      const [o1, o2] = [r1, r2];
      cut(s.length);
      const t = suffix(["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
      if (t === "" && r1 >= w.length && shortSyllable(w.length)) {
        w += "e";
        r1 = r2 = w.length;
      } else {
        if (t === "at" || t === "bl" || t === "iz") set(w + "e");
        else if (t) cut(1);
        r1 = Math.min(o1, w.length);
        r2 = Math.min(o2, w.length);
      }
    }
    // step 1c
    if (w.length > 2 && "yY".includes(w.at(-1)) && !vowel(w.at(-2))) set(w.slice(0, -1) + "i");
    // step 2
    s = suffix(Object.keys(STEP2));
    if (s && s.length <= w.length - r1) {
      if (s === "li") { if (w.length >= 3 && "cdeghkmnrt".includes(w.at(-3))) cut(2); }
      else if (s === "ogi") { if (w.length >= 4 && w.at(-4) === "l") set(w.slice(0, -1)); }
      else set(w.slice(0, -s.length) + STEP2[s]);
    }
    // step 3
    s = suffix(Object.keys(STEP3));
    if (s && s.length <= w.length - r1 && (s !== "ative" || w.length - r2 >= 5)) set(w.slice(0, -s.length) + STEP3[s]);
    // step 4
    s = suffix(STEP4);
    if (s && s.length <= w.length - r2 && (s !== "ion" || (w.length >= 4 && "st".includes(w.at(-4))))) cut(s.length);
    // step 5
    const last = w.length - 1;
    if (r1 <= last) {
      if (w[last] === "e") { if (r2 <= last || !shortSyllable(last)) cut(1); }
      else if (r2 <= last && w[last] === "l" && w[last - 1] === "l") cut(1);
    }
    return w.replaceAll("Y", "y");
  }

  return { terms, fold, CJK, IS_CJK };
})();

(() => {
  "use strict";
  const status = document.getElementById("search-status");
  const input = document.getElementById("search-q");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const examples = document.getElementById("search-examples");
  if (!status || !input || !list) return;
  const { terms, fold, CJK, IS_CJK } = docketTerms;
  const base = new URL(status.dataset.index, location.href);
  const root = new URL(status.dataset.root, location.href);
  const PER_PAGE = 10;
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const FIELDS = ["", "text", "summary", "title"];
  // A span to highlight: a run of Han, kana or Hangul, or a word with its marks.
  const SPAN = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+`, "gu");
  const cache = new Map();
  let manifest, stop, t2s, hits = [], want = new Set(), shown = 0, generation = 0, matched = "";

  function load(path) {
    const url = new URL(path, base).href;
    if (!cache.has(url)) {
      // A failed load is forgotten, so that the next query tries again.
      cache.set(url, fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        return r.json();
      }).catch((e) => { cache.delete(url); throw e; }));
    }
    return cache.get(url);
  }

  // queryTerms: of a run of Han, kana or Hangul only its pairs (反垄断
  // looks up 反垄 and 垄断), else every term.
  function queryTerms(q) {
    const out = new Set();
    for (const g of terms(q, stop, t2s)) {
      for (const t of g.length > 1 ? g.filter((t) => [...t].length === 2) : g) out.add(t);
    }
    return [...out];
  }

  function shardOf(tok, shards) {
    let h = 0x811c9dc5;
    for (const b of new TextEncoder().encode(tok)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h % shards;
  }

  // decode turns postings into a map from document to field (0 only
  // through a term's name, 1 body, 2 summary, 3 title).
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

  // postings: a term's documents in the base (s/) and the tail (t/),
  // which hold documents before and from the split.
  async function postings(tok) {
    const parts = [["s", manifest.shards], ["t", manifest.tail]].filter(([, n]) => n > 0);
    const shards = await Promise.all(parts.map(([dir, n]) => load(`${dir}/${shardOf(tok, n)}.json`)));
    const docs = new Map();
    for (const shard of shards) {
      if (Object.hasOwn(shard, tok)) for (const [doc, field] of decode(shard[tok])) docs.set(doc, field);
    }
    return docs;
  }

  // rank keeps the documents that have every term: those where more
  // terms are in the entry's own words first, then by fields, then newest
  // (documents are numbered from the oldest entry: the higher number).
  function rank(toks, lists) {
    const out = [];
    const smallest = lists.reduce((a, b) => (b.size < a.size ? b : a));
    for (const doc of smallest.keys()) {
      const fields = lists.map((l) => l.get(doc));
      if (fields.includes(undefined)) continue;
      out.push({ doc, fields, toks, inText: fields.filter((f) => f > 0).length, sum: fields.reduce((a, b) => a + b) });
    }
    return out.sort((a, b) => b.inText - a.inText || b.sum - a.sum || b.doc - a.doc);
  }

  async function search(q) {
    const gen = ++generation;
    const start = performance.now();
    list.replaceChildren();
    more.hidden = true;
    hits = [];
    shown = 0;
    q = q.trim();
    if (examples) examples.hidden = q !== "";
    if (!q) { status.textContent = ""; return; }
    manifest ??= await load("index.json");
    if (manifest.version !== 4) {
      // An index older or newer than this script (a deploy in progress,
      // a cached page): its words and fields mean other things.
      manifest = undefined;
      status.textContent = "The search index has changed: reload the page to search it.";
      return;
    }
    stop ??= new Set(manifest.stop);
    if (!t2s && /\p{Script=Han}/u.test(q)) {
      // Traditional characters fold to Simplified, as in the index.
      const pairs = [...(await load("t2s.json"))];
      t2s = new Map();
      for (let i = 0; i + 1 < pairs.length; i += 2) t2s.set(pairs[i], pairs[i + 1]);
    }
    const toks = queryTerms(q);
    if (!toks.length) {
      // Every word was too short or too common to be in the index.
      status.textContent = `“${q}” has no word the index keeps: try a longer or rarer word.`;
      return;
    }
    const lists = await Promise.all(toks.map(postings));
    if (gen !== generation) return;
    hits = rank(toks, lists);
    want = new Set(toks);
    if (!(await showMore(gen))) return;
    status.dataset.ms = (performance.now() - start).toFixed(1);
    status.textContent = matched = hits.length === 0 ? `No entries match “${q}”.`
      : hits.length === 1 ? `1 entry matches “${q}”.` : `${hits.length} entries match “${q}”.`;
  }

  // showMore adds the next page of results, unless a newer query (a
  // later generation) started while it waited; it says whether it did.
  async function showMore(gen = generation) {
    const page = hits.slice(shown, shown + PER_PAGE);
    const chunks = await Promise.all(page.map((h) => load(`d/${Math.floor(h.doc / manifest.chunk)}.json`)));
    const rows = page.map((h, i) => chunks[i][h.doc % manifest.chunk]);
    const whys = await Promise.all(page.map((h, i) => why(h, rows[i])));
    if (gen !== generation) return false;
    rows.forEach((row, i) => list.append(result(row, whys[i])));
    shown += page.length;
    more.hidden = shown >= hits.length;
    return true;
  }

  // why says where a result matched: in its own words (at the weakest
  // field of those terms), through the name of a term it is filed under,
  // or both.
  async function why(hit, row) {
    const inText = hit.fields.filter((f) => f > 0);
    const parts = inText.length ? [`in ${FIELDS[Math.min(...inText)]}`] : [];
    const i = hit.fields.indexOf(0);
    if (i >= 0) {
      // The names are a nicety: without them the result still shows.
      const table = await load("terms.json").catch(() => ({}));
      const term = (row[7] ?? "").split(" ").filter((n) => Object.hasOwn(table, n)).map((n) => table[n])
        .find((t) => t.includes(hit.toks[i], 1));
      parts.push(`via ${term ? term[0] : "what it is filed under"}`);
    }
    return `matched ${parts.join(" and ")}`;
  }

  function el(tag, props, ...kids) {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...kids);
    return e;
  }

  // highlight returns text as nodes, with the words that match the query
  // in <mark>: of a run of Han, kana or Hangul the characters of a
  // matching pair, else whole words.
  function highlight(text) {
    const out = [];
    let at = 0;
    for (const m of text.matchAll(SPAN)) {
      out.push(text.slice(at, m.index));
      at = m.index + m[0].length;
      if (!IS_CJK.test(m[0])) {
        out.push(terms(m[0], stop, t2s).flat().some((t) => want.has(t)) ? el("mark", {}, m[0]) : m[0]);
        continue;
      }
      const cs = [...m[0]], f = cs.map((c) => fold(c, t2s));
      const on = cs.map((_, i) => want.has(f[i]) || want.has(f[i] + f[i + 1]) || (i > 0 && want.has(f[i - 1] + f[i])));
      for (let i = 0; i < cs.length;) {
        let j = i;
        while (j < cs.length && on[j] === on[i]) j++;
        const part = cs.slice(i, j).join("");
        out.push(on[i] ? el("mark", {}, part) : part);
        i = j;
      }
    }
    out.push(text.slice(at));
    return out;
  }

  // day writes 2021-09-28 as the timeline does: 28 Sep 2021.
  const day = (d) => `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;

  function result([url, title, date, kind, lang, label, summary, , story, reports], whyText) {
    const li = el("li", { className: `card ${kind}` });
    // The entry's language marks its own words, not the card's chrome.
    const own = (node) => {
      if (lang && lang !== document.documentElement.lang) node.lang = lang;
      return node;
    };
    const meta = el("div", { className: "meta" }, el("time", { dateTime: date }, day(date)));
    if (label) meta.append(" ", el("span", { className: kind === "event" ? "badge kind-badge" : "source" }, label));
    li.append(meta, own(el("h2", { className: "title" }, el("a", { href: new URL(url, root).href }, ...highlight(title)))));
    if (summary) li.append(own(el("p", { className: "summary" }, ...highlight(summary))));
    // A report of a story of several links to the story, as its card does.
    if (story) li.append(el("p", { className: "story-line" }, el("a", { href: new URL(story, root).href }, `${reports} reports`)));
    li.append(el("p", { className: "why" }, whyText));
    return li;
  }

  function run(q) {
    search(q).catch((err) => {
      status.textContent = "Search could not load its index. Browse by topic or company instead.";
      console.warn("search:", err);
    });
  }

  function submit(q) {
    history.pushState(null, "", q.trim() ? "?q=" + encodeURIComponent(q.trim()) : location.pathname);
    query = location.search;
    run(q);
  }
  input.form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit(input.value);
  });
  // An example query runs here, as if typed.
  examples?.addEventListener("click", (e) => {
    const a = e.target.closest("a");
    if (!a) return;
    e.preventDefault();
    input.value = new URL(a.href).searchParams.get("q");
    submit(input.value);
  });
  // One page at a time: a second click while the first page loads would
  // add the same results again.
  more.addEventListener("click", () => {
    if (more.disabled) return;
    more.disabled = true;
    const next = list.children.length;
    showMore()
      .then(() => {
        status.textContent = matched; // after a failed try
        list.children[next]?.querySelector("a")?.focus();
      })
      .catch((err) => {
        status.textContent = "Search could not load more results. Try again, or browse by topic or company.";
        console.warn("search:", err);
      })
      .finally(() => { more.disabled = false; });
  });
  // Back and forward between queries; a link to a part of the page
  // (#main) is not a new query.
  let query = location.search;
  addEventListener("popstate", () => {
    if (location.search === query) return;
    query = location.search;
    input.value = new URLSearchParams(location.search).get("q") || "";
    run(input.value);
  });
  input.value = new URLSearchParams(location.search).get("q") || "";
  if (input.value) run(input.value);
})();
