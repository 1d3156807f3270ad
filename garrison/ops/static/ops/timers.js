// Counting timers: [data-since] shows the time elapsed; past [data-deadline] the element (and
// its row) turns red. The server notices breaches on its own (watch_timers); this is the view.
"use strict";

(() => {
  const pad = (n) => String(n).padStart(2, "0");
  const format = (seconds) => {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return (h ? `${h}:${pad(m)}` : `${m}`) + `:${pad(s % 60)}`;
  };

  function tick() {
    const now = Date.now();
    document.querySelectorAll("[data-since]").forEach((el) => {
      const since = Date.parse(el.dataset.since);
      if (Number.isNaN(since)) return;
      el.textContent = format((now - since) / 1000);
      const deadline = Date.parse(el.dataset.deadline || "");
      if (!Number.isNaN(deadline)) {
        const late = now > deadline;
        el.classList.toggle("breach", late);
        el.closest("tr")?.classList.toggle("breach", late);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
    tick();
    setInterval(tick, 1000);
  });
  window.GarrisonTimers = { tick };
})();
