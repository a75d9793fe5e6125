// The service worker: offline reading (see ARCHITECTURE.md, "Offline reading").
//
// - Hashed assets (JS, wasm, CSS, icon): cache first; kept at install, with
//   offline.js and the web app manifest (those network first). The wasm's chunks:
//   cache first, kept when a page first loads them.
// - Pages and content files: network first; after 3 s without an answer, or
//   without a network, the copy kept from the last time. Every page read is kept.
// - A page never read, offline: a page saying so, listing the pages kept.
// - The whole site on request ("Lire ce site hors ligne", src/pages/offline.rs),
//   its chunks included.
//
// One cache per build, named by the build's version. A new build's worker copies
// over from the old cache what did not change, downloads again what did (if it was
// kept), and, once the page lets it take over, deletes the old cache.
//
// The site builder writes the build's list of files, with their hashes and sizes,
// in place of the string below (src/builder/offline.rs). Left as a string (the
// development server), the worker does nothing.
const MANIFEST = "__OFFLINE_MANIFEST__";
const BUILT = typeof MANIFEST === "object";

const SCOPE = self.registration.scope;
const at = (url) => new URL(url, SCOPE).href;
// Caches are per origin: the scope in the name keeps two builds on one host apart.
const PREFIX = `oim ${new URL(SCOPE).pathname} `;
const CACHE = PREFIX + (BUILT ? MANIFEST.version : "dev");
// Entries of the cache that are not files of the site.
const MANIFEST_KEY = at("__manifeste-hors-ligne");
const SAVED_KEY = at("__copie-complete");
const NETWORK_WAIT = 3000;

// Named, not hashed, by every page (index.html): kept at install, then network first.
const SHELL = ["offline.js", "manifest.webmanifest"].map(at);

const assets = BUILT ? MANIFEST.assets : [];
// The wasm's chunks: loaded by the pages that need them, kept when fetched (and by
// "Lire ce site hors ligne"), not at install.
const chunks = BUILT ? MANIFEST.chunks : [];
const pages = BUILT ? MANIFEST.pages : [];
// Every file of the build by its address: its hash, and its page for pages and content.
const files = new Map();
for (const asset of assets) files.set(at(asset.url), { hash: asset.hash, asset: true });
for (const chunk of chunks) files.set(at(chunk.url), { hash: chunk.hash, asset: true, chunk: true });
for (const page of pages) {
  files.set(at(page.url), { hash: page.hash, page });
  files.set(at(page.content), { hash: page.contentHash, page, content: true });
}
const fullSize = [...assets, ...chunks, ...pages].reduce(
  (sum, file) => sum + file.bytes + (file.contentBytes || 0),
  0,
);

// The key a request is kept under: its address without query or fragment.
const keyOf = (url) => {
  const u = new URL(url);
  return u.origin + u.pathname;
};

const saveData = () => !!(self.navigator.connection && self.navigator.connection.saveData);

self.addEventListener("install", (event) => {
  if (!BUILT) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Just loaded by the page: these come from the browser's HTTP cache.
      await cache.addAll([...assets.map((a) => at(a.url)), ...SHELL]);
      await carryOver(cache);
      await cache.put(MANIFEST_KEY, new Response(JSON.stringify(MANIFEST)));
    })(),
  );
});

// From an earlier build's cache: the files whose hash is the same are copied; those
// kept that changed are downloaded again; if the whole site was saved, it stays whole.
async function carryOver(cache) {
  let saved = false;
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const old = await caches.open(name);
    const listed = await old.match(MANIFEST_KEY);
    const before = new Map();
    if (listed) {
      const manifest = await listed.json();
      for (const a of [...manifest.assets, ...(manifest.chunks || [])]) before.set(at(a.url), a.hash);
      for (const p of manifest.pages) {
        before.set(at(p.url), p.hash);
        before.set(at(p.content), p.contentHash);
      }
    }
    saved = saved || !!(await old.match(SAVED_KEY));
    for (const request of await old.keys()) {
      const file = files.get(request.url);
      // Assets are kept at install; a chunk kept is carried over like a page.
      if (!file || (file.asset && !file.chunk)) continue;
      if (before.get(request.url) === file.hash) {
        await cache.put(request, await old.match(request));
      } else {
        await keep(cache, request.url).catch(() => {});
      }
    }
  }
  if (saved) await saveAll(cache, () => {}).catch(() => {});
}

self.addEventListener("activate", (event) => {
  if (!BUILT) return;
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!BUILT || request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const key = keyOf(request.url);
  const file = files.get(key);
  if (file && file.asset) {
    event.respondWith(cacheFirst(request, key));
  } else if (request.mode === "navigate") {
    event.respondWith(navigation(event, key, file));
  } else if (file && file.content) {
    event.respondWith(content(event, key));
  } else if (SHELL.includes(key)) {
    event.respondWith(networkFirst(request, key));
  }
});

async function cacheFirst(request, key) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(key);
  if (kept) return kept;
  const response = await fetch(request);
  await store(cache, key, response);
  return response;
}

// Keeps a copy of `response` under `key` if it is the file itself: a success, not
// redirected (a captive portal's login page is not a page of the site), JSON for a
// content file. A copy that cannot be written (storage full) is only not kept.
async function store(cache, key, response) {
  const file = files.get(key);
  const json = (response.headers.get("Content-Type") || "").includes("json");
  if (!response.ok || response.redirected || (file && file.content && !json)) return false;
  return cache.put(key, response.clone()).then(() => true, () => false);
}

// A page: from the network (kept if it is a page of the site), else the copy kept,
// else the offline page.
async function navigation(event, key, file) {
  try {
    return await networkFirst(event.request, file && file.page ? key : null);
  } catch {
    return offlinePage(event.request.url);
  }
}

// A content file, asked for by the app moving to another page (or loading it ahead).
async function content(event, key) {
  return networkFirst(event.request, key).catch(() => Response.error());
}

// Network first. Kept under `key` (when given) if it succeeds. After NETWORK_WAIT
// without an answer, or on a server error, the copy kept answers, if there is one;
// failing both, it throws.
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  const fromNetwork = fetch(request).then(async (response) => {
    if (key) await store(cache, key, response);
    return response;
  });
  fromNetwork.catch(() => {});
  const kept = key ? () => cache.match(key) : async () => undefined;
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(() => resolve("slow"), NETWORK_WAIT);
  });
  try {
    const first = await Promise.race([fromNetwork, slow]);
    if (first !== "slow" && first.status < 500) return first;
    return (await kept()) || (await fromNetwork);
  } catch (error) {
    const copy = await kept();
    if (copy) return copy;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

// Downloads `url` (revalidating it) into the cache.
async function keep(cache, url) {
  const response = await fetch(url, { cache: "no-cache" });
  if (!(await store(cache, url, response))) throw new Error(`${url}: not kept`);
}

// The page and content files and the chunks not kept yet; `progress(done, total)`
// after each.
async function saveAll(cache, progress) {
  const wanted = chunks.map((chunk) => at(chunk.url));
  for (const page of pages) wanted.push(at(page.url), at(page.content));
  const missing = [];
  for (const url of wanted) if (!(await cache.match(url))) missing.push(url);
  let done = wanted.length - missing.length;
  progress(done, wanted.length);
  for (const url of missing) {
    await keep(cache, url);
    progress(++done, wanted.length);
  }
  await cache.put(SAVED_KEY, new Response("1"));
}

// The pages that open offline: their HTML or their content file is kept.
async function available(cache) {
  const found = [];
  for (const page of pages) {
    if ((await cache.match(at(page.url))) || (await cache.match(at(page.content)))) {
      found.push(page);
    }
  }
  return found;
}

const escape = (text) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

// The page's address as the site's links write it: its path (and query).
const href = (url) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

async function offlinePage(asked) {
  const cache = await caches.open(CACHE);
  const kept = [];
  for (const page of pages) if (await cache.match(at(page.url))) kept.push(page);
  const css = assets.find((a) => a.url.endsWith(".css"));
  const list = kept.length
    ? `<ul class="link-list">${kept
        .map((p) => `<li><a href="${escape(href(at(p.url)))}">${escape(p.title)}</a></li>`)
        .join("")}</ul>`
    : "<p>Aucune page n’a encore été gardée sur cet appareil.</p>";
  const html = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Vous êtes hors ligne | OIM</title>
${css ? `<link rel="stylesheet" href="${escape(at(css.url))}">` : ""}
</head><body>
<header class="site-header"><div class="container site-header-bar"><a href="${escape(href(SCOPE))}" class="brand"><span aria-hidden="true" class="brand-mark">OIM</span><span class="brand-name">Organisation internationale pour les migrations</span></a></div></header>
<main id="contenu" class="container page prose offline-page">
<h1>Vous êtes hors ligne</h1>
<p class="lead">Cette page n’a pas encore été lue sur cet appareil&nbsp;: elle ne peut pas s’afficher sans connexion.</p>
<p><a href="${escape(href(asked))}">Réessayer</a> une fois la connexion revenue.</p>
<h2>Pages disponibles hors ligne</h2>
${list}
</main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

// The page's questions (public/offline.js), each with a port to answer on.
self.addEventListener("message", (event) => {
  const port = event.ports[0];
  const answer = (message) => port && port.postMessage(message);
  const ask = event.data && event.data.type;
  if (ask === "take-over") {
    self.skipWaiting();
    return;
  }
  // A page shown by the app in place: its HTML is kept too, so that it also opens
  // by its address offline (its content file is kept as it comes).
  if (ask === "read" && BUILT) {
    const file = files.get(keyOf(event.data.url));
    if (!file || !file.page || file.content || saveData()) return;
    event.waitUntil(
      caches.open(CACHE).then(async (cache) => {
        if (!(await cache.match(at(file.page.url)))) await keep(cache, at(file.page.url));
      }).catch(() => {}),
    );
    return;
  }
  if (!BUILT) {
    answer({ type: "unavailable" });
    return;
  }
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      if (ask === "state") {
        answer({
          type: "state",
          saved: !!(await cache.match(SAVED_KEY)),
          bytes: fullSize,
          pages: pages.length,
        });
      } else if (ask === "available") {
        answer({
          type: "available",
          pages: pages.map((p) => at(p.url)),
          available: (await available(cache)).map((p) => at(p.url)),
        });
      } else if (ask === "save") {
        try {
          await saveAll(cache, (done, total) => answer({ type: "progress", done, total }));
          answer({ type: "saved", pages: pages.length, bytes: fullSize });
        } catch {
          answer({ type: "failed" });
        }
      } else if (ask === "delete") {
        for (const url of [SAVED_KEY, ...pages.flatMap((p) => [at(p.url), at(p.content)])]) {
          await cache.delete(url);
        }
        answer({ type: "deleted" });
      }
    })(),
  );
});
