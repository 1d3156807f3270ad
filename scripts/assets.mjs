// Copies the browser builds of our npm packages into Django's static tree.
// Nothing here is hand-edited: the files come from node_modules as the registry served them.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "garrison", "core", "static", "vendor");
const files = {
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
  "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
  // leaflet.js names its source map; collectstatic (production) refuses a missing one.
  "leaflet/dist/leaflet.js.map": "leaflet/leaflet.js.map",
  "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
  "leaflet/dist/images": "leaflet/images",
  // Draws the event's own vector-tile base map on every Leaflet map (events/basemap.js).
  "leaflet.vectorgrid/dist/Leaflet.VectorGrid.bundled.min.js":
    "leaflet-vectorgrid/Leaflet.VectorGrid.bundled.min.js",
  "jsqr/dist/jsQR.js": "jsqr/jsQR.js",
  // The API docs page (/api/v1/docs): served from here, not a CDN, under the same CSP.
  "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
  "swagger-ui-dist/swagger-ui.css": "swagger-ui/swagger-ui.css",
  "swagger-ui-dist/swagger-ui.css.map": "swagger-ui/swagger-ui.css.map",  // named by the CSS
  "swagger-ui-dist/LICENSE": "swagger-ui/LICENSE",
};

rmSync(out, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  const target = join(out, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, "node_modules", from), target, { recursive: true });
}
console.log(`assets: ${Object.keys(files).length} entries copied to ${out}`);
