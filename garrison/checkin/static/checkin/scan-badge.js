/*
 * The badge's two text forms, read on the scanner phone: the signed QR text (decode: the same
 * checks as accreditation/credentials/signing.py decode()) and the short serial printed under it
 * (parseLabel: the same expression as signing.py _LABEL). No DOM, no storage: works in the
 * browser (window.ScanBadge) and in Node (module.exports) for the parity test.
 */
(function (root) {
  "use strict";

  var PREFIX = "GA1.";
  var HEAD = 20; // format u8 · key id 4 · serial u32 · version u16 · from u32 · until u32 · count u8
  var SIGNATURE = 64;
  var MAX_ZONES = 64;
  var MAX_TEXT = PREFIX.length + 4 * Math.floor((HEAD + 4 * MAX_ZONES + SIGNATURE + 2) / 3);
  var SPACE = " \\t\\r\\n\\u00a0\\u3000"; // as signing.py _SPACE
  var LABEL = new RegExp(
    "^([0-9]{1,10})(?:[" + SPACE + "]*[\\u00b7.\\-\\u2022\\u2027\\u2219\\u22c5\\u30fb" + SPACE + "][" + SPACE + "]*[vV]?" +
    "[" + SPACE + "]*([0-9]{1,5})|[" + SPACE + "]*[vV][" + SPACE + "]*([0-9]{1,5}))?$"
  );
  var EDGES = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "g");

  function b64urlDecode(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw;
    try { raw = atob(b64); } catch (e) { return null; }
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function b64urlEncode(bytes) {
    var raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  /** The same checks as accreditation/credentials/signing.py decode(); null for anything that is not a badge. */
  function decode(text) {
    if (typeof text !== "string" || text.length > MAX_TEXT || text.indexOf(PREFIX) !== 0) return null;
    var encoded = text.slice(PREFIX.length);
    var raw = b64urlDecode(encoded);
    if (!raw || b64urlEncode(raw) !== encoded) return null; // one payload, one text
    if (raw.length < HEAD + SIGNATURE) return null;
    var view = new DataView(raw.buffer);
    var count = view.getUint8(19);
    if (view.getUint8(0) !== 1 || count > MAX_ZONES) return null;
    var bodyLength = HEAD + 4 * count;
    if (raw.length !== bodyLength + SIGNATURE) return null;
    var zones = [];
    for (var i = 0; i < count; i++) zones.push(view.getUint32(HEAD + 4 * i));
    return {
      keyId: hex(raw.subarray(1, 5)),
      serial: view.getUint32(5),
      version: view.getUint16(9),
      validFrom: view.getUint32(11),
      validUntil: view.getUint32(15),
      zones: zones,
      body: raw.slice(0, bodyLength),
      signature: raw.slice(bodyLength),
    };
  }

  /** {serial, version or null} of a typed short serial, else null. */
  function parseLabel(text) {
    if (typeof text !== "string" || text.length > 40) return null;
    var found = LABEL.exec(text.replace(EDGES, ""));
    if (!found) return null;
    var serial = Number(found[1]);
    var raw = found[2] || found[3];
    var version = raw ? Number(raw) : null;
    if (!(serial > 0 && serial <= 4294967295) || (version !== null && !(version > 0 && version <= 65535))) return null;
    return { serial: serial, version: version };
  }

  function label(serial, version) { return serial + "\u00b7v" + version; }

  var api = {
    PREFIX: PREFIX, decode: decode, parseLabel: parseLabel, label: label, hex: hex, b64urlDecode: b64urlDecode,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.ScanBadge = api;
})(this);
