// The live picture: open incidents and units on a map and in a list, kept current by the
// event's live feed (LiveFeed resumes from the last event id after a reconnect). Every text
// from the server is set with textContent: a resident's tip never runs as HTML.
"use strict";

(() => {
  const COLOURS = { 1: "#b00020", 2: "#e65100", 3: "#f9a825", 4: "#607d8b" };
  const UNIT_COLOURS = { available: "#2e7d32", dispatched: "#1565c0", en_route: "#1565c0",
    on_scene: "#e65100", returning: "#6a1b9a", out_of_service: "#616161" };

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.querySelector("[data-live]");
    const source = document.getElementById("live-data");
    if (!root || !source) return;
    const data = JSON.parse(source.textContent);
    const open = new Set(data.open);
    const incidents = new Map(data.incidents.map((i) => [i.id, i]));
    const units = new Map(data.units.map((u) => [u.id, u]));
    const tbody = root.querySelector("[data-live-incidents]");
    const unitList = root.querySelector("[data-live-units]");
    const stateBadge = root.querySelector("[data-live-state]");
    const alerts = root.querySelector("[data-live-alerts]");
    const filters = root.querySelector("[data-live-filters]");
    const markers = new Map();
    const unitMarkers = new Map();
    let map = null;
    // One switchable layer per severity and per unit state, so a commander can show only the
    // critical incidents, or only the units free to send; the filters above still apply.
    const severityGroups = {};
    const stateGroups = {};
    let placesBounds = null; // the event's sites and zones: where to look when nothing is open
    let otherLayers = () => {}; // the layers other apps register (patrols, sensors, coverage)

    const text = (tag, value, cls) => {
      const el = document.createElement(tag);
      el.textContent = value == null ? "" : String(value);
      if (cls) el.className = cls;
      return el;
    };
    const named = (template, key, value) => template.replace(`%(${key})s`, value);

    if (window.L) {
      map = L.map(root.querySelector("[data-live-map]"));
      window.GarrisonBasemap.addTo(map, data.tiles);
      map.setView([21.0285, 105.8542], 13);
      addLayers();
    }

    function addLayers() {
      const words = data.labels.layers;
      const layers = window.GarrisonLayers.create(map, "live");
      const sites = layers.add("sites", words.sites, L.featureGroup());
      const zones = layers.add("zones", words.zones, L.featureGroup());
      if (window.EventsMap && data.sites) {
        const only = (kind) => ({
          ...data.sites,
          features: data.sites.features.filter((f) => (f.properties.feature === "zone") === kind),
        });
        window.EventsMap.drawCollection(sites, only(false), data.map_labels);
        window.EventsMap.drawCollection(zones, only(true), data.map_labels);
        zones.bringToBack();
        placesBounds = L.featureGroup([sites, zones]).getBounds();
      }
      for (const [value, label] of Object.entries(data.labels.severity)) {
        severityGroups[value] = layers.add(`incidents-${value}`, named(words.incidents, "severity", label), L.featureGroup());
      }
      for (const [value, label] of Object.entries(data.labels.unit_state)) {
        stateGroups[value] = layers.add(`units-${value}`, named(words.units, "state", label), L.featureGroup());
      }
      otherLayers = window.GarrisonLayers.startRegistered("live", layers, map, data.layer_urls);
      const closures = layers.add("closures", words.closures, L.featureGroup());
      const routes = layers.add("routes", words.routes, L.featureGroup());
      // The traffic plan comes apart from the page: the desk's map shows without it.
      fetch(data.traffic_url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : null))
        .then((plan) => {
          if (!plan) return;
          for (const r of plan.routes) {
            L.polyline(r.line, { color: "#1565c0", weight: 4, opacity: 0.7 })
              .bindTooltip(text("span", `${r.name} · ${when(r.departs)}`))
              .addTo(routes);
          }
          for (const c of plan.closures) {
            L.polyline(c.line, { color: "#b3261e", weight: 6, opacity: 0.85, dashArray: c.active ? null : "8 6" })
              .bindTooltip(text("span", `${c.street} · ${data.labels.closed_from} ${when(c.starts)}`))
              .addTo(closures);
          }
        })
        .catch(() => { /* the incidents and units still show */ });
    }

    function dropFrom(groups, marker) {
      for (const group of Object.values(groups)) group.removeLayer(marker);
    }

    function moveTo(groups, key, marker) {
      dropFrom(groups, marker);
      (groups[key] || Object.values(groups)[0]).addLayer(marker);
    }

    const when = (iso) => window.GarrisonClock.dayTime(new Date(iso), data.time_zone);

    function passes(i) {
      const f = new FormData(filters);
      return (!f.get("site") || String(i.site) === f.get("site"))
        && (!f.get("type") || i.type === f.get("type"))
        && (!f.get("severity") || String(i.severity) === f.get("severity"));
    }

    function row(i) {
      const tr = document.createElement("tr");
      tr.dataset.incident = i.id;
      tr.className = `sev-${i.severity}` + (i.breached ? " breach" : "");
      const ref = document.createElement("td");
      const link = text("a", i.reference);
      link.href = `${data.incident_url}${i.id}/`;
      ref.appendChild(link);
      if (i.exercise) ref.appendChild(text("span", data.labels.exercise, "badge exercise"));
      tr.appendChild(ref);
      const sev = document.createElement("td");
      sev.appendChild(text("span", data.labels.severity[i.severity], `badge sev sev-${i.severity}`));
      tr.appendChild(sev);
      tr.appendChild(text("td", i.type_name));
      const st = document.createElement("td");
      st.appendChild(text("span", data.labels.status[i.status] || i.status, `badge status-${i.status}`));
      tr.appendChild(st);
      const what = document.createElement("td");
      what.appendChild(text("span", i.description, "prewrap"));
      if (i.location_text) what.appendChild(text("div", i.location_text, "muted"));
      tr.appendChild(what);
      const wait = document.createElement("td");
      const timer = text("span", "", "timer");
      timer.dataset.since = i.received_at;
      wait.appendChild(timer);
      tr.appendChild(wait);
      return tr;
    }

    function render() {
      const rows = [...incidents.values()]
        .filter((i) => open.has(i.status) && passes(i))
        // Real incidents before a drill's, then the most severe, then the longest waiting.
        .sort((a, b) => Number(a.exercise) - Number(b.exercise) || a.severity - b.severity
          || a.received_at.localeCompare(b.received_at));
      tbody.replaceChildren(...rows.map(row));
      if (map) {
        for (const [id, marker] of markers) {
          const i = incidents.get(id);
          if (!i || !open.has(i.status) || !passes(i)) { dropFrom(severityGroups, marker); markers.delete(id); }
        }
        for (const i of rows) {
          if (i.lat == null || i.lon == null) continue;
          let marker = markers.get(i.id);
          if (!marker) {
            marker = L.circleMarker([i.lat, i.lon], { radius: 9, weight: 2 });
            markers.set(i.id, marker);
          }
          moveTo(severityGroups, String(i.severity), marker);
          marker.setLatLng([i.lat, i.lon]);
          marker.setStyle({ color: COLOURS[i.severity], fillColor: COLOURS[i.severity], fillOpacity: 0.7 });
          const box = document.createElement("div");
          box.appendChild(text("strong", `${i.reference} · ${i.type_name}`));
          box.appendChild(text("p", i.description));
          marker.bindPopup(box);
        }
      }
      if (window.GarrisonTimers) window.GarrisonTimers.tick();
    }

    function renderUnits() {
      unitList.replaceChildren(...[...units.values()].sort((a, b) => a.code.localeCompare(b.code)).map((u) => {
        const li = document.createElement("li");
        li.dataset.unit = u.id;
        li.appendChild(text("strong", u.code));
        li.appendChild(text("span", ` ${u.name} `));
        li.appendChild(text("span", data.labels.unit_state[u.state] || u.state, `badge unit-${u.state}`));
        return li;
      }));
      if (!map) return;
      for (const u of units.values()) {
        if (u.lat == null || u.lon == null) continue;
        let marker = unitMarkers.get(u.id);
        if (!marker) {
          marker = L.circleMarker([u.lat, u.lon], { radius: 6, weight: 1 });
          unitMarkers.set(u.id, marker);
        }
        moveTo(stateGroups, u.state, marker);
        marker.setLatLng([u.lat, u.lon]);
        marker.bindTooltip(unitTooltip(u));
        const colour = UNIT_COLOURS[u.state] || "#333";
        marker.setStyle({ color: colour, fillColor: colour, fillOpacity: 0.9 });
      }
    }

    // Who it is, what it is doing, and how old its position is where the unit reports one.
    function unitTooltip(u) {
      const parts = [`${u.code} ${u.name}`, data.labels.unit_state[u.state] || u.state];
      if (u.position_source_label) parts.push(u.position_source_label);
      if (u.position_at) {
        const minutes = Math.max(0, Math.round((Date.now() - Date.parse(u.position_at)) / 60000));
        parts.push(named(data.labels.position_age, "minutes", minutes));
        if (minutes > (data.stale_minutes || 10)) parts.push(data.labels.position_stale);
      }
      if (u.position_unreliable) parts.push(data.labels.position_unreliable);
      return text("span", parts.join(" · "));
    }

    function alert(message) {
      const p = text("p", message, "alert breach");
      alerts.prepend(p);
      setTimeout(() => p.remove(), 60000);
    }

    function onEvent(event) {
      const p = event.payload || {};
      otherLayers(event);
      if (event.kind.startsWith("ops.incident.") && p.id) {
        incidents.set(p.id, { ...(incidents.get(p.id) || {}), ...p });
        render();
      } else if (event.kind === "ops.unit.status" && p.id) {
        const old = units.get(p.id) || {};
        const next = { ...old, ...p };
        // A live event never carries a phone's position (every member hears it): the desk
        // keeps the one its page was given, which ages and is marked stale in the tooltip.
        if (old.position_source === "phone" && !p.position_source) {
          for (const key of ["lat", "lon", "position_source", "position_source_label", "position_at", "position_unreliable"]) {
            next[key] = old[key];
          }
        }
        units.set(p.id, next);
        renderUnits();
      } else if (event.kind === "ops.timer.breached") {
        const i = incidents.get(p.incident);
        if (i) { i.breached = true; render(); }
        const mark = p.exercise ? ` · ${data.labels.exercise}` : "";
        alert(`${data.labels.breach}: ${p.reference}${mark} · ${p.kind_label}${p.unit ? ` (${p.unit})` : ""}`);
      } else if (event.kind === "sensors.device.stale") {
        alert(`${data.labels.sensor_silent}: ${p.name}`);
      }
    }

    filters.addEventListener("change", render);
    render();
    renderUnits();
    if (map && markers.size) map.fitBounds(L.featureGroup([...markers.values()]).getBounds().pad(0.3));
    else if (map && placesBounds && placesBounds.isValid()) map.fitBounds(placesBounds.pad(0.1));
    window.LiveFeed.startingAt(data.slug, data.last, onEvent, (state) => {
      stateBadge.textContent = data.labels[state] || state;
      stateBadge.dataset.state = state;
    });
  });
})();
