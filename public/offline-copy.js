// The "Lire ce site hors ligne" control on /hors-ligne (see ARCHITECTURE.md,
// "Offline reading"): imported by offline.js once the app has drawn it
// (src/pages/offline.rs). It asks the service worker for the copy's state and size,
// saves or deletes the copy, and sets the status's text, the progress bar and which
// button shows. Text only: nothing here writes HTML.

const ko = (bytes) => `environ ${Math.max(10, Math.round(bytes / 10000) * 10)}\u00a0ko`;

function show(parts, text, { saving = false, saved = false } = {}) {
  parts.state.textContent = text;
  parts.bar.hidden = !saving;
  parts.save.hidden = saving || saved;
  parts.remove.hidden = saving || !saved;
}

const savedText = (bytes, pages) =>
  `Le site est enregistré sur cet appareil (${ko(bytes)})\u00a0: ses ${pages} pages se lisent hors ligne.`;

// `ask(type, each)` puts a question to the service worker (offline.js).
export async function drive(ask) {
  const parts = {
    state: document.getElementById("copie-etat"),
    bar: document.getElementById("copie-progression"),
    save: document.getElementById("copie-enregistrer"),
    remove: document.getElementById("copie-supprimer"),
  };
  const { saved, bytes, pages } = await ask("state");
  if (saved) {
    show(parts, savedText(bytes, pages), { saved });
  } else {
    show(parts, `Le site entier occupe ${ko(bytes)} sur l'appareil. Les pages déjà lues sont gardées\u00a0; le bouton enregistre toutes les autres.`);
  }
  parts.save.onclick = async () => {
    const focus = document.activeElement === parts.save;
    parts.bar.value = 0;
    show(parts, "Enregistrement du site en cours…", { saving: true });
    // The button disappears: focus goes to the status, which says what happens.
    if (focus) parts.state.focus();
    const last = await ask("save", (step) => {
      if (step.type === "progress") {
        parts.bar.max = step.total;
        parts.bar.value = step.done;
        parts.bar.setAttribute("aria-valuetext", `${step.done} fichiers sur ${step.total}`);
      }
    });
    if (last.type === "saved") {
      show(parts, savedText(last.bytes, last.pages), { saved: true });
      if (focus) parts.remove.focus();
    } else {
      show(parts, "L'enregistrement s'est interrompu (connexion perdue ou espace insuffisant sur l'appareil). Les pages déjà enregistrées sont gardées\u00a0; vous pouvez réessayer.");
      if (focus) parts.save.focus();
    }
  };
  parts.remove.onclick = async () => {
    const focus = document.activeElement === parts.remove;
    await ask("delete");
    show(parts, "La copie hors ligne a été supprimée. Les pages que vous lirez seront de nouveau gardées une à une.");
    if (focus) parts.save.focus();
  };
}
