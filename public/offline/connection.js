// The connection: said when it drops ("Vous êtes hors ligne", lasting) or comes
// back (for 6 s), the links that cannot open offline marked meanwhile.
import { notice } from "./notice.js";
import { markLinks, unmarkLinks } from "./links.js";

const region = notice("etat-connexion");
let shown = 0;

function say(text, lasting) {
  clearTimeout(shown);
  region.textContent = text;
  if (!lasting) shown = setTimeout(() => (region.textContent = ""), 6000);
}

// Follows the connection from now on; `ask` is the bridge's, for the links.
export function followConnection(ask) {
  const offline = () => {
    say("Vous êtes hors ligne. Les pages déjà lues restent disponibles.", true);
    markLinks(ask);
  };
  addEventListener("offline", offline);
  addEventListener("online", () => {
    say("La connexion est rétablie.");
    unmarkLinks();
  });
  if (!navigator.onLine) offline();
}
