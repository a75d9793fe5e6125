// Offline reading, on the page's side (see ARCHITECTURE.md, "Offline reading").
// Trunk's loader imports this module once the app has started, on prerendered
// pages only (release builds); the site builder bundles it with its parts,
// public/offline/, into the one dist/offline.js. This file registers the service
// worker (public/sw.js) and tells it the pages read; its parts say when the
// connection drops or comes back (connection.js), mark the links that cannot open
// offline (links.js), offer a new version of the site (new-version.js), and lend
// the "Lire ce site hors ligne" control the app draws on /hors-ligne
// (src/pages/offline.rs) its way to the worker (bridge.js): `window.oimOffline.ask`,
// or `false` when the browser has no service workers, said by the window event
// `oim-offline`. Text only: nothing here writes HTML.
//
// (The connection's notice and the new version's are added as their modules are
// evaluated, in this order.)
import { ask } from "./offline/bridge.js";
import { followConnection } from "./offline/connection.js";
import { Message } from "./offline/messages.ts";
import { offer, reloading, watchForNewVersions } from "./offline/new-version.js";

const base = new URL(".", import.meta.url);
const workers = navigator.serviceWorker;

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
  watchForNewVersions(registration);
  // The worker keeps each page shown (its HTML; the app fetched its content), once it
  // is in charge: now, when it takes over, and at each change of page in place.
  const read = () => workers.controller?.postMessage({ type: Message.READ, url: location.href });
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
  followConnection(askWorker);
  new MutationObserver(() => {
    if (location.pathname !== shown) {
      shown = location.pathname;
      read();
    }
  }).observe(document.body, { childList: true, subtree: true });
  return registration;
}

const askWorker = (type, each) => ask(registering, type, each);
const registering = start();

// "Lire ce site hors ligne" asks the worker through this, at once: `ask` waits for
// the registration within its own time, so a stalled `sw.js` leaves no question
// hanging either.
window.oimOffline = !!workers && { ask: askWorker };
dispatchEvent(new Event("oim-offline"));
