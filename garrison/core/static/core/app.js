// Garrison shell: CSRF for htmx, auto-submitting selects, and the live feed client.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const token = document.querySelector('meta[name="csrf-token"]')?.content;
  document.body.addEventListener("htmx:configRequest", (e) => {
    if (token) e.detail.headers["X-CSRFToken"] = token;
  });
  document.querySelectorAll("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
});

/**
 * A WebSocket feed of one event that survives reconnects without missing anything: it keeps
 * the id of the last event it handled and asks the server for everything after it.
 */
class LiveFeed {
  constructor(eventSlug, onEvent, onState) {
    this.slug = eventSlug;
    this.onEvent = onEvent;
    this.onState = onState || (() => {});
    this.key = `garrison.live.${eventSlug}`;
    this.last = Number(sessionStorage.getItem(this.key) || 0);
    this.delay = 1000;
    this.connect();
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const url = `${scheme}://${location.host}/ws/events/${encodeURIComponent(this.slug)}/live/?last=${this.last}`;
    this.ws = new WebSocket(url);
    this.ws.onopen = () => { this.delay = 1000; this.onState("online"); };
    this.ws.onmessage = (msg) => {
      const event = JSON.parse(msg.data);
      if (event.id <= this.last) return; // already handled (catch-up and stream can overlap)
      this.last = event.id;
      sessionStorage.setItem(this.key, String(this.last));
      this.onEvent(event);
    };
    this.ws.onclose = () => {
      this.onState("offline");
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 30000);
    };
  }

  /** Start from the newest event on a fresh page: the page itself was rendered from the DB. */
  static startingAt(eventSlug, lastId, onEvent, onState) {
    sessionStorage.setItem(`garrison.live.${eventSlug}`, String(lastId));
    return new LiveFeed(eventSlug, onEvent, onState);
  }
}
window.LiveFeed = LiveFeed;
