// Garrison shell: CSRF for htmx, auto-submitting selects, and the live feed client.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Without script the sections stay open; with it, a phone shows them behind "Menu".
  document.documentElement.classList.add("js");
  const toggle = document.querySelector("[data-menu-toggle]");
  const menu = document.getElementById("site-menu");
  toggle?.addEventListener("click", () => {
    const open = menu.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
  const token = document.querySelector('meta[name="csrf-token"]')?.content;
  document.body.addEventListener("htmx:configRequest", (e) => {
    if (token) e.detail.headers["X-CSRFToken"] = token;
  });
  document.querySelectorAll("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
});

/**
 * A WebSocket feed of one event that survives reconnects without missing anything. Ids are
 * taken when a change is made, not when it commits, so one that commits late can arrive after a
 * higher id: the client remembers the ids it handled (not just the highest), handles any other,
 * and on reconnecting asks again from a little before its highest id. It never asks below the
 * id the page was rendered at, which the page itself already shows.
 */
const REWIND = 50;
const REMEMBER = 500;

class LiveFeed {
  constructor(eventSlug, onEvent, onState) {
    this.slug = eventSlug;
    this.onEvent = onEvent;
    this.onState = onState || (() => {});
    this.key = `garrison.live.${eventSlug}`;
    const saved = LiveFeed.load(this.key);
    this.last = saved.last;
    this.floor = saved.floor;
    this.seen = new Set(saved.seen);
    this.delay = 1000;
    this.connect();
  }

  static load(key) {
    try {
      const saved = JSON.parse(sessionStorage.getItem(key) || "{}");
      return { last: Number(saved.last) || 0, floor: Number(saved.floor) || 0, seen: saved.seen || [] };
    } catch (_) {
      return { last: 0, floor: 0, seen: [] };
    }
  }

  save() {
    const seen = [...this.seen].slice(-REMEMBER);
    this.seen = new Set(seen);
    sessionStorage.setItem(this.key, JSON.stringify({ last: this.last, floor: this.floor, seen }));
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const from = this.seen.size ? Math.max(this.floor, this.last - REWIND) : this.last;
    const url = `${scheme}://${location.host}/ws/events/${encodeURIComponent(this.slug)}/live/?last=${from}`;
    this.ws = new WebSocket(url);
    this.ws.onopen = () => { this.delay = 1000; this.onState("online"); };
    this.ws.onmessage = (msg) => {
      const event = JSON.parse(msg.data);
      if (event.id <= this.floor || this.seen.has(event.id)) return; // already handled or shown
      this.seen.add(event.id);
      this.last = Math.max(this.last, event.id);
      this.save();
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
    const id = Number(lastId) || 0;
    sessionStorage.setItem(`garrison.live.${eventSlug}`, JSON.stringify({ last: id, floor: id, seen: [] }));
    return new LiveFeed(eventSlug, onEvent, onState);
  }
}
window.LiveFeed = LiveFeed;
