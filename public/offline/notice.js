// A notice at the bottom of the window, announced politely. Live regions must be in
// the page before their text changes: each job adds its own as the module is
// evaluated, empty.
export function notice(id) {
  const region = document.createElement("div");
  region.id = id;
  region.className = "site-notice";
  region.setAttribute("role", "status");
  document.body.append(region);
  return region;
}
