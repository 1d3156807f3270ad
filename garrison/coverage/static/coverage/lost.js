// "Coverage lost if this team is dispatched" on the incident's dispatch list: a unit based at a
// position of the event's latest placement carries that position's JSON address
// (data-coverage-lost); its answer's sentence goes beside the unit. Units based elsewhere, or an
// event without a placement, show nothing more.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const item of document.querySelectorAll("[data-coverage-lost]")) {
    fetch(item.dataset.coverageLost, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data || !data.text) return;
        const note = document.createElement("span");
        note.className = "coverage-lost muted";
        note.dataset.testid = "coverage-lost";
        note.textContent = ` · ${data.text}`;
        (item.querySelector("label") || item).appendChild(note);
      })
      .catch(() => { /* the list works without it */ });
  }
});
