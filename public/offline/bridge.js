// The question/answer bridge to the worker: what the /hors-ligne control
// (src/pages/offline.rs) calls as `window.oimOffline.ask`, and the links' marking.
import { Message } from "./messages.ts";

// How long the page waits for the worker: to be there (registered, installed,
// active) and to answer, or, while it saves the site, for its next step. Past it,
// `ask` answers `{ type: Message.TIMEOUT }` itself: a worker still installing on a slow
// connection, stopped, or stuck on a stalled download never leaves a question
// hanging. (READ and TAKE_OVER wait for no answer; "Recharger" reloads anyway
// after 3 s.)
const ANSWER_WAIT = 10000;

// Asks the active worker `type`, once `registering` (a promise of the registration,
// or null) has settled; `each` gets every answer (progress comes in steps). Resolves
// with the last one, `{ type: Message.UNAVAILABLE }` if no worker could be registered, or
// `{ type: Message.TIMEOUT }` if none came in time.
export function ask(registering, type, each = () => {}) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    let timer = 0;
    const wait = () => {
      clearTimeout(timer);
      timer = setTimeout(() => settle({ type: Message.TIMEOUT }), ANSWER_WAIT);
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
      if (data.type === Message.PROGRESS) wait();
      else settle(data);
    };
    registering.then(async (registration) => {
      if (!registration) return settle({ type: Message.UNAVAILABLE });
      const { active } = await navigator.serviceWorker.ready;
      active.postMessage({ type }, [channel.port2]);
    });
  });
}
