// The messages between the site's pages and its service worker, by their `type`:
// the one list. The worker (public/sw.js) and the page's side (public/offline/)
// import it, and the site builder's esbuild bundles it into both, each use written
// as its string (a TypeScript enum, which esbuild inlines: no cost on a first load);
// build.rs writes it as Rust constants for the /hors-ligne control
// (src/pages/offline.rs). One member a line, `NAME = "type",`: build.rs reads
// nothing else between the braces but comments.
export enum Message {
  // A page's questions, each with a port for the answers.
  STATE = "state", // the copy's state: STATE { saved, bytes, pages }
  AVAILABLE = "available", // the pages that open offline: AVAILABLE { pages, available }
  SAVE = "save", // the whole site: PROGRESS at each file, then SAVED or FAILED
  DELETE = "delete", // the copy: DELETED
  // A page's news, unanswered.
  READ = "read", // { url }: a page shown, whose HTML the worker keeps
  TAKE_OVER = "take-over", // to the waiting worker: take over now
  // The other answers.
  PROGRESS = "progress", // { done, total }: files saved, of how many
  SAVED = "saved", // { pages, bytes }
  FAILED = "failed",
  DELETED = "deleted",
  UNAVAILABLE = "unavailable", // from a worker without a build, or a page without a worker
  TIMEOUT = "timeout", // from the page itself: no answer in time (bridge.js)
}
