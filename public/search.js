// The app's bridge to Pagefind, the search engine the site builder indexes the
// prerendered pages with (src/builder/search_index.rs). Nothing here is loaded with
// the page: the app adds this module (src/search/engine.rs) the first time a
// visitor focuses a search field or opens /recherche or a missing address, and it
// imports the engine (pagefind/pagefind.js, its wasm, a worker, the index chunks).
// It offers itself to the app as `window.oimSearch`.
//
// Answers are arrays of strings, read by src/search/engine.rs: `[total, ...hits]`,
// each hit `[url, title, section, excerpt, ...parts]` and each matching heading of
// the page three more strings, `url, title, excerpt`. (Arrays of strings cost the
// app less wasm to read than JSON or objects.)

// This module is at the site's base (`/` or `/oim/`), and so is the engine's folder.
const base = new URL(".", import.meta.url).pathname;
let engine = null;

/** Starts loading the engine (once); resolves to it. */
function load() {
  engine ??= import(`${base}pagefind/pagefind.js`)
    .then(async (pagefind) => {
      await pagefind.options({ baseUrl: base, excerptLength: 24 });
      await pagefind.init();
      return pagefind;
    })
    .catch((error) => {
      engine = null; // a later search tries again
      throw error;
    });
  return engine;
}

const MOST = 20;

/** Results for `query`, or null when a later query superseded this one. */
async function find(query) {
  const pagefind = await load();
  // 80 ms: a query per pause in typing, not per key; results within 150 ms of the
  // last key (the benchmark measures it).
  const search = await pagefind.debouncedSearch(query, {}, 80);
  return search === null ? null : answer(search.results);
}

/** Pages matching any of `words` (a missing address's), best first, at most 5. */
async function suggest(words) {
  const pagefind = await load();
  const score = new Map();
  for (const word of words) {
    const search = await pagefind.search(word);
    for (const result of search?.results ?? []) {
      const seen = score.get(result.id);
      score.set(result.id, { result, score: (seen?.score ?? 0) + result.score });
    }
  }
  const ranked = [...score.values()].sort((a, b) => b.score - a.score);
  return answer(ranked.slice(0, 5).map((r) => r.result));
}

async function answer(results) {
  const pages = await Promise.all(results.slice(0, MOST).map((r) => r.data()));
  return [
    results.length,
    ...pages.map((page) => [
      page.url,
      page.meta.title ?? "",
      page.meta.section ?? "",
      page.excerpt,
      // Headings matching the query: those with an anchor of their own, but the
      // page's own title (its <h1> has an id too).
      ...page.sub_results
        .filter((part) => part.url.includes("#") && part.title !== page.meta.title)
        .slice(0, 3)
        .flatMap((part) => [part.url, part.title, part.excerpt]),
    ]),
  ];
}

window.oimSearch = { load, find, suggest };
