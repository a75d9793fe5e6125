// Offline reading, on the page's side (see ARCHITECTURE.md, "Offline reading").
// Trunk's loader imports this module once the app has started, on prerendered
// pages only (release builds). It registers the service worker (public/sw.js),
// says when the connection drops or comes back, marks the links that cannot open
// offline, and offers a new version of the site. It lends the "Lire ce site hors
// ligne" control the app draws on /hors-ligne (src/pages/offline.rs) its way to
// the worker: `window.oimOffline.ask`, or `false` when the browser has no service
// workers, said by the window event `oim-offline`. Every question has an answer
// within `ANSWER_WAIT`. Text only: nothing here writes HTML.

const base = new URL(".", import.meta.url);
const workers = navigator.serviceWorker;

// A notice at the bottom of the window, announced politely. Live regions must be
// in the page before their text changes, so both are added now, empty.
function notice(id) {
  const region = document.createElement("div");
  region.id = id;
  region.className = "site-notice";
  region.setAttribute("role", "status");
  document.body.append(region);
  return region;
}
const connection = notice("etat-connexion");
const update = notice("nouvelle-version");

// How long the page waits for the worker: to be there (registered, installed,
// active) and to answer, or, while it saves the site, for its next step. Past it,
// `ask` answers `{ type: "timeout" }` itself: a worker still installing on a slow
// connection, stopped, or stuck on a stalled download never leaves a question
// hanging. (`read` and `take-over` wait for no answer; "Recharger" reloads anyway
// after 3 s.)
const ANSWER_WAIT = 10000;

// Asks the active worker `type`; `each` gets every answer (progress comes in steps).
// Resolves with the last one, `{ type: "unavailable" }` if no worker could be
// registered, or `{ type: "timeout" }` if none came in time.
function ask(type, each = () => {}) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    let timer = 0;
    const wait = () => {
      clearTimeout(timer);
      timer = setTimeout(() => settle({ type: "timeout" }), ANSWER_WAIT);
    };
    // Nothing reaches `each` once settled: the app has stopped listening.
    const settle = (answer) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(answer);
    };
    wait();
    channel.port1.onmessage = ({ data }) => {
      each(data);
      if (data.type === "progress") wait();
      else settle(data);
    };
    registering.then(async (registration) => {
      if (!registration) return settle({ type: "unavailable" });
      const { active } = await workers.ready;
      active.postMessage({ type }, [channel.port2]);
    });
  });
}

// ---- A new version -------------------------------------------------------------

let reloading = false;

// Offered to a page a worker is in charge of (a first install activates at once).
function offer(registration) {
  if (!workers.controller || update.firstChild) return;
  const text = document.createElement("p");
  text.textContent = "Une nouvelle version du site est disponible.";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = "Recharger";
  button.addEventListener("click", () => {
    reloading = true;
    // The worker waiting now (a newer one may have come since the offer), or none:
    // another tab has let it take over already.
    const waiting = registration.waiting;
    if (waiting) waiting.postMessage({ type: "take-over" });
    // "Recharger" reloads, whatever happens: at once if no worker waits, or if the
    // waiting one has not taken over within 3 s (the page is then the new build's,
    // its files fetched from the network).
    setTimeout(() => location.reload(), waiting ? 3000 : 0);
  });
  update.append(text, button);
}

// Offers the new version once `worker` waits behind another one, still in charge
// (WebKit may tell "installed" of a first install once it has activated).
function watch(registration, worker) {
  if (!worker) return;
  const waiting = () => {
    if (worker.state === "installed" && registration.active && registration.active !== worker) {
      offer(registration);
    }
  };
  waiting();
  worker.addEventListener("statechange", waiting);
}

// ---- The connection --------------------------------------------------------------

const UNAVAILABLE = "indisponible-hors-ligne";
const MENTION = "mention-hors-ligne";
let shown = 0;
let marking = null;

function say(text, lasting) {
  clearTimeout(shown);
  connection.textContent = text;
  if (!lasting) shown = setTimeout(() => (connection.textContent = ""), 6000);
}

// Marks the links to pages of the site that are not kept, and keeps doing so as
// the app draws new ones, until the connection is back.
async function markLinks() {
  const { type, pages, available } = await ask("available");
  // No answer in time (nothing is marked), or back online while the worker answered.
  if (type !== "available" || navigator.onLine) return;
  const site = new Set(pages);
  const kept = new Set(available);
  const mark = () => {
    for (const link of document.querySelectorAll("a[href]")) {
      const url = new URL(link.href);
      const page = url.origin + url.pathname;
      if (site.has(page) && !kept.has(page) && !link.classList.contains(UNAVAILABLE)) {
        const mention = document.createElement("span");
        mention.className = MENTION;
        mention.textContent = " (indisponible hors ligne)";
        link.classList.add(UNAVAILABLE);
        link.append(mention);
      }
    }
  };
  mark();
  marking?.disconnect();
  marking = new MutationObserver(mark);
  marking.observe(document.body, { childList: true, subtree: true });
}

function unmarkLinks() {
  marking?.disconnect();
  marking = null;
  for (const link of document.querySelectorAll(`.${UNAVAILABLE}`)) link.classList.remove(UNAVAILABLE);
  for (const mention of document.querySelectorAll(`.${MENTION}`)) mention.remove();
}

function offline() {
  say("Vous êtes hors ligne. Les pages déjà lues restent disponibles.", true);
  markLinks();
}

function online() {
  say("La connexion est rétablie.");
  unmarkLinks();
}

// ---- Start -----------------------------------------------------------------------

// Registers the worker once the page has loaded; its registration, or null if there
// is none (refused, sw.js missing, or a browser without service workers): the site
// then works as before.
async function start() {
  if (!workers) return null;
  if (document.readyState !== "complete") {
    await new Promise((loaded) => addEventListener("load", loaded, { once: true }));
  }
  const registration = await workers
    .register(new URL("sw.js", base), { scope: base.pathname })
    .catch(() => null);
  if (!registration) return null;
  watch(registration, registration.waiting);
  watch(registration, registration.installing);
  registration.addEventListener("updatefound", () => watch(registration, registration.installing));
  // The worker keeps each page shown (its HTML; the app fetched its content), once it
  // is in charge: now, when it takes over, and at each change of page in place.
  const read = () => workers.controller?.postMessage({ type: "read", url: location.href });
  let shown = location.pathname;
  read();
  // A new build's worker that takes over a page already in another's charge, unasked
  // (another tab's "Recharger", or none of the site's pages open at the moment it
  // was installed, as when a page is being replaced): this page is still the old
  // build's, so the new version is offered here too.
  let inCharge = !!workers.controller;
  workers.addEventListener("controllerchange", () => {
    if (reloading) return location.reload();
    read();
    if (inCharge) offer(registration);
    inCharge = true;
  });
  // A new build is looked for at each page load, when the visitor comes back to the
  // tab, and every hour. Browsers look at a page load under a worker themselves, but
  // WebKit can be late (once not within 15 s on a busy machine): the page asks too (a
  // revalidation of sw.js, and the browser merges the two looks).
  if (workers.controller) registration.update().catch(() => {});
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) registration.update().catch(() => {});
  });
  setInterval(() => registration.update().catch(() => {}), 3600e3);
  addEventListener("offline", offline);
  addEventListener("online", online);
  if (!navigator.onLine) offline();
  new MutationObserver(() => {
    if (location.pathname !== shown) {
      shown = location.pathname;
      read();
    }
  }).observe(document.body, { childList: true, subtree: true });
  return registration;
}

const registering = start();

// "Lire ce site hors ligne" asks the worker through this, at once: `ask` waits for
// the registration within its own time, so a stalled `sw.js` leaves no question
// hanging either.
window.oimOffline = !!workers && { ask };
dispatchEvent(new Event("oim-offline"));
