// The kill switch: turns offline reading off for every visitor (deploy/README.md,
// "Turning the service worker off"). Deployed in place of dist/sw.js (its .br and
// .gz siblings deleted), it is the new worker each browser finds at its next page
// load: it takes over at once, deletes the site's caches (named "oim <scope> …" by
// public/sw.js) and unregisters itself. No fetch handler: every request goes to the
// network. offline.js registers it again at each page load; it unregisters again.
self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const prefix = `oim ${new URL(self.registration.scope).pathname} `;
      for (const name of await caches.keys()) {
        if (name.startsWith(prefix)) await caches.delete(name);
      }
      await self.registration.unregister();
    })(),
  );
});
