// The service worker: offline reading (see ARCHITECTURE.md, "Offline reading").
// The source: the site builder bundles it with Workbox (npm, pinned) into dist/sw.js
// with esbuild (src/builder/offline.rs), then writes the build's manifest into it.
//
// - Hashed assets (JS, wasm, CSS, icon, figures): cache first; precached at install,
//   with the offline module and the web app manifest (those network first). The wasm's
//   chunks: cache first, kept when a page first loads them.
// - Pages and content files: network first (pages preloaded, but in Firefox); after
//   3 s without an answer, on a server error, or without a network, the copy kept
//   from the last time. Every page read is kept.
// - A page never read, offline: a page saying so, listing the pages kept.
// - The whole site on request ("Lire ce site hors ligne", src/pages/offline.rs),
//   its chunks included.
// - Only the file the build lists is kept: a body whose SHA-256 is not the one in
//   the manifest never is (a captive portal's page, a file of another deployment, a
//   body altered on the way). A page is kept under its canonical address (`agir`,
//   no trailing slash), whatever form it was read under (`agir/`,
//   `agir/index.html`, `agir.html`) or however the host redirected it.
//
// One cache per build, named by the build's version. A new build's worker copies
// over from the old cache what did not change, downloads again what did (if it was
// kept), and, once the page lets it take over, deletes the old cache.
import { PrecacheController } from "workbox-precaching";
import { NavigationRoute, Route, Router } from "workbox-routing";
import { CacheFirst, NetworkFirst } from "workbox-strategies";
import { Message } from "./offline/messages.ts";

// The build's list of files, with their hashes and sizes, written by the site
// builder in place of this property (the injectManifest convention). Without it,
// the worker does nothing.
const MANIFEST = self.__OFFLINE_MANIFEST__;
const BUILT = typeof MANIFEST === "object" && MANIFEST !== null;

const SCOPE = self.registration.scope;
const SCOPE_PATH = new URL(SCOPE).pathname;
const at = (url) => new URL(url, SCOPE).href;
// Caches are per origin: the scope in the name keeps two builds on one host apart.
// (deploy/sw-kill-switch.js deletes the caches by this prefix.)
const PREFIX = `oim ${SCOPE_PATH} `;
const CACHE = PREFIX + (BUILT ? MANIFEST.version : "dev");
// Entries of the cache that are not files of the site.
const MANIFEST_KEY = at("__manifeste-hors-ligne");
const SAVED_KEY = at("__copie-complete");
const NETWORK_WAIT_SECONDS = 3;
const FIREFOX = self.navigator.userAgent.includes("Firefox/");

// Named, not hashed, by every page (the offline module, the app manifest): kept at
// install, then network first.
const SHELL = BUILT ? MANIFEST.shell.map(at) : [];

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

// ---- Addresses -------------------------------------------------------------------

// The key a request is kept under: its address without query or fragment, and for a
// page its canonical address, whichever form the host serves it under: `agir`,
// `agir/`, `agir/index.html`, `agir.html` (the home page: the scope, `index.html`).
function keyOf(url) {
  const { origin, pathname } = new URL(url);
  let path = pathname;
  if (path.endsWith("/index.html")) path = path.slice(0, -"index.html".length);
  else if (path.endsWith(".html")) path = path.slice(0, -".html".length);
  if (path.endsWith("/") && path !== SCOPE_PATH) path = path.slice(0, -1);
  const page = origin + path;
  const file = files.get(page);
  return file && file.page && !file.content ? page : origin + pathname;
}

// ---- What is kept ----------------------------------------------------------------

const hex = (buffer) =>
  Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");

// The copy of `response` to keep under `key`, or null: a file of the build whose body
// has the manifest's hash (the first 16 hex digits of its SHA-256); for the shell's
// named files, a success not redirected. A body that passed through a redirect
// (a host adding the slash) is copied, since a redirected response cannot answer a
// navigation.
async function keepable(key, response) {
  if (!response || response.status !== 200) return null;
  const file = files.get(key);
  if (file) {
    const digest = await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer());
    if (hex(digest).slice(0, 16) !== file.hash) return null;
  } else if (!SHELL.includes(key) || response.redirected) {
    return null;
  }
  if (!response.redirected) return response;
  const { status, statusText, headers } = response;
  return new Response(await response.blob(), { status, statusText, headers });
}

// Workbox plugins shared by every strategy.
const keptAsListed = {
  cacheKeyWillBeUsed: async ({ request }) => keyOf(request.url),
  cacheWillUpdate: async ({ request, response }) => keepable(keyOf(request.url), response),
};

// A server error answers only if there is no copy to answer instead: Workbox's
// NetworkFirst falls back to the cache when the network throws.
const keptOnServerError = {
  fetchDidSucceed: async ({ request, response }) => {
    if (response.status >= 500 && (await caches.match(keyOf(request.url), { cacheName: CACHE }))) {
      throw new Error(`${request.url}: ${response.status}`);
    }
    return response;
  },
};

// A page kept, asked for by another form of its address: the browser is sent to its
// canonical address, which the app's router knows (it does not know `agir.html`).
function asAsked(event, key, kept) {
  const asked = event && event.request;
  if (!kept || !asked || asked.mode !== "navigate") return kept;
  const url = new URL(asked.url);
  if (url.origin + url.pathname === key) return kept;
  return Response.redirect(key + url.search, 302);
}
const canonicalOffline = {
  cachedResponseWillBeUsed: async ({ event, request, cachedResponse }) =>
    asAsked(event, request.url, cachedResponse),
};

// A preloaded navigation reaches the strategy as it came, without `fetchDidSucceed`:
// its server error gives way to the copy kept here.
const keptOnPreloadedServerError = {
  handlerWillRespond: async ({ event, request, response }) => {
    if (response.status < 500 || request.mode !== "navigate") return response;
    const key = keyOf(request.url);
    const kept = await caches.match(key, { cacheName: CACHE, ...matchOptions });
    return kept ? asAsked(event, key, kept) : response;
  },
};

const matchOptions = { ignoreVary: true };
const cacheFirst = new CacheFirst({ cacheName: CACHE, matchOptions, plugins: [keptAsListed] });
const networkFirst = new NetworkFirst({
  cacheName: CACHE,
  matchOptions,
  networkTimeoutSeconds: NETWORK_WAIT_SECONDS,
  plugins: [keptAsListed, keptOnServerError, canonicalOffline, keptOnPreloadedServerError],
});
// The assets every page loads, and the shell's named files: at install. The hashed
// ones have no revision (their name is one), so the browser's HTTP cache, which the
// page has just filled, answers.
const precache = new PrecacheController({ cacheName: CACHE, plugins: [keptAsListed] });
precache.addToCacheList([
  ...assets.map((asset) => ({ url: at(asset.url), revision: null })),
  ...SHELL.map((url) => ({ url, revision: null })),
]);

const router = new Router();
const fileRoute = (test, handler) =>
  new Route(({ url, request }) => request.method === "GET" && test(files.get(keyOf(url.href)), url.href), handler);
router.registerRoute(fileRoute((file) => file && file.asset, cacheFirst));
// A page: from the network (kept if it is a page of the site), else the copy kept,
// else the offline page.
router.registerRoute(
  new NavigationRoute(async ({ event, request }) => {
    try {
      return await networkFirst.handle({ event, request });
    } catch {
      return offlinePage(request.url);
    }
  }),
);
// A content file, asked for by the app moving to another page (or loading it ahead).
router.registerRoute(
  fileRoute(
    (file) => file && file.content,
    ({ event, request }) => networkFirst.handle({ event, request }).catch(() => Response.error()),
  ),
);
router.registerRoute(fileRoute((file, url) => SHELL.includes(keyOf(url)), networkFirst));

// ---- Life cycle -------------------------------------------------------------------

const saveData = () => !!(self.navigator.connection && self.navigator.connection.saveData);

self.addEventListener("install", (event) => {
  if (!BUILT) return;
  event.waitUntil(
    (async () => {
      // Just loaded by the page: the assets come from the browser's HTTP cache.
      await precache.install(event);
      const cache = await caches.open(CACHE);
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
      // Assets are precached; a chunk kept is carried over like a page.
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
      // Navigation preload: a page's request leaves while the worker starts (Workbox's
      // strategies answer with it). Not in Firefox: there a preload that fails
      // (offline) ends the navigation on the browser's network error page, whatever
      // the worker answers (workbox#3134); the engine is told by its name, as no
      // feature tells it.
      const preload = self.registration.navigationPreload;
      if (preload) await (FIREFOX ? preload.disable() : preload.enable()).catch(() => {});
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  if (!BUILT || !event.request.url.startsWith(SCOPE)) return;
  const answer = router.handleRequest({ event, request: event.request });
  if (answer) event.respondWith(answer);
});

// ---- Saving -----------------------------------------------------------------------

// Downloads `url` (revalidating it) into the cache, under its key; throws if it
// cannot be kept.
async function keep(cache, url) {
  const key = keyOf(url);
  const response = await keepable(key, await fetch(url, { cache: "no-cache" }));
  if (!response) throw new Error(`${url}: not kept`);
  await cache.put(key, response);
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

// ---- The offline page ---------------------------------------------------------------

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

// ---- The page's questions -------------------------------------------------------------

// The page's questions (public/offline/messages.ts), each with a port to answer on.
self.addEventListener("message", (event) => {
  const port = event.ports[0];
  const answer = (reply) => port && port.postMessage(reply);
  const ask = event.data && event.data.type;
  if (ask === Message.TAKE_OVER) {
    self.skipWaiting();
    return;
  }
  // A page shown by the app in place: its HTML is kept too, so that it also opens
  // by its address offline (its content file is kept as it comes).
  if (ask === Message.READ && BUILT) {
    const file = files.get(keyOf(event.data.url));
    if (!file || !file.page || file.content || saveData()) return;
    event.waitUntil(
      caches
        .open(CACHE)
        .then(async (cache) => {
          if (!(await cache.match(at(file.page.url)))) await keep(cache, at(file.page.url));
        })
        .catch(() => {}),
    );
    return;
  }
  if (!BUILT) {
    answer({ type: Message.UNAVAILABLE });
    return;
  }
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      if (ask === Message.STATE) {
        answer({
          type: Message.STATE,
          saved: !!(await cache.match(SAVED_KEY)),
          bytes: fullSize,
          pages: pages.length,
        });
      } else if (ask === Message.AVAILABLE) {
        answer({
          type: Message.AVAILABLE,
          pages: pages.map((p) => at(p.url)),
          available: (await available(cache)).map((p) => at(p.url)),
        });
      } else if (ask === Message.SAVE) {
        try {
          await saveAll(cache, (done, total) => answer({ type: Message.PROGRESS, done, total }));
          answer({ type: Message.SAVED, pages: pages.length, bytes: fullSize });
        } catch {
          answer({ type: Message.FAILED });
        }
      } else if (ask === Message.DELETE) {
        for (const url of [SAVED_KEY, ...pages.flatMap((p) => [at(p.url), at(p.content)])]) {
          await cache.delete(url);
        }
        answer({ type: Message.DELETED });
      }
    })(),
  );
});
