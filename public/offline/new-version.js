// The offer of a new version of the site: "Une nouvelle version du site est
// disponible." with "Recharger", which lets the new build's worker take over and
// reloads.
import { notice } from "./notice.js";
import { Message } from "./messages.ts";

const region = notice("nouvelle-version");

// "Recharger" was pressed: the page reloads when the new worker takes over.
export let reloading = false;

// Offered to a page a worker is in charge of (a first install activates at once).
export function offer(registration) {
  if (!navigator.serviceWorker.controller || region.firstChild) return;
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
    if (waiting) waiting.postMessage({ type: Message.TAKE_OVER });
    // "Recharger" reloads, whatever happens: at once if no worker waits, or if the
    // waiting one has not taken over within 3 s (the page is then the new build's,
    // its files fetched from the network).
    setTimeout(() => location.reload(), waiting ? 3000 : 0);
  });
  region.append(text, button);
}

// How many times, a second apart, a page looks whether a new worker has come to wait.
const LOOKS = 60;

// Offers the new version once `worker` waits behind another one, still in charge
// (WebKit may tell "installed" of a first install once it has activated).
function watch(registration, worker) {
  if (!worker) return;
  const waits = () =>
    (worker.state === "installed" || registration.waiting === worker) &&
    registration.active &&
    registration.active !== worker;
  const offerIfWaiting = () => {
    if (waits()) offer(registration);
  };
  offerIfWaiting();
  worker.addEventListener("statechange", offerIfWaiting);
  // WebKit may put the worker in `registration.waiting` and never tell this page that
  // its state changed (CI: still "installing" 15 s on): look again each second.
  let looks = 0;
  const look = setInterval(() => {
    offerIfWaiting();
    const settled = waits() || ["activated", "redundant"].includes(worker.state);
    if (settled || ++looks >= LOOKS) clearInterval(look);
  }, 1000);
}

// Every worker of `registration` that comes to wait: the one there now, and those
// found later.
export function watchForNewVersions(registration) {
  watch(registration, registration.waiting);
  watch(registration, registration.installing);
  registration.addEventListener("updatefound", () => watch(registration, registration.installing));
}
