// The links to pages of the site that are not kept, marked "(indisponible hors
// ligne)" while the connection is down.
import { Message } from "./messages.ts";

const UNAVAILABLE = "indisponible-hors-ligne";
const MENTION = "mention-hors-ligne";
let marking = null;

// Marks them, and keeps doing so as the app draws new ones, until `unmarkLinks`;
// `ask` is the bridge's.
export async function markLinks(ask) {
  const { type, pages, available } = await ask(Message.AVAILABLE);
  // No answer in time (nothing is marked), or back online while the worker answered.
  if (type !== Message.AVAILABLE || navigator.onLine) return;
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

export function unmarkLinks() {
  marking?.disconnect();
  marking = null;
  for (const link of document.querySelectorAll(`.${UNAVAILABLE}`)) link.classList.remove(UNAVAILABLE);
  for (const mention of document.querySelectorAll(`.${MENTION}`)) mention.remove();
}
