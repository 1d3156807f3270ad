/*
 * The scanner's verdict on screen (/scan/): ENTER in green or STOP in red in large type, who
 * the badge names (name, organisation, category, photo), and for a typed serial the step where
 * the guard compares the photo with the face before anything is recorded.
 *
 * Every verdict is drawn from the scan just made and nothing else: begin() clears the whole
 * card when a decision starts, and each decision has a number — a verdict or a photo arriving
 * for an earlier one (a slow server, a slow photo) is never drawn.
 */
window.ScanScreen = function (options) {
  "use strict";

  var S = options.strings;
  var REASONS = options.reasons;
  var el = function (id) { return document.getElementById(id); };

  var decisions = 0; // numbers each decision; only the latest one may draw
  var shown = 0;
  var pending = null; // a typed serial waiting for the guard: {id, label, holder}
  var photoUrl = null;
  var lastFeedback = null;

  /** A new decision starts: nothing of the previous one stays on screen. */
  function begin() {
    decisions += 1;
    shown = decisions;
    pending = null;
    var box = el("verdict");
    box.hidden = false;
    box.dataset.result = "checking";
    box.dataset.scan = String(shown);
    box.className = "scan-verdict checking";
    el("verdict-title").textContent = S.checking;
    el("verdict-reason").textContent = "";
    el("verdict-source").textContent = "";
    el("confirm").hidden = true;
    clearHolder();
    return shown;
  }

  function clearHolder() {
    el("holder").hidden = true;
    el("holder").style.borderColor = "";
    el("holder-name").textContent = "";
    el("holder-org").textContent = "";
    el("holder-category").textContent = "";
    var img = el("holder-photo");
    img.hidden = true;
    img.removeAttribute("src");
    if (photoUrl) { URL.revokeObjectURL(photoUrl); photoUrl = null; }
  }

  function drawHolder(id, holder, serial) {
    el("holder-name").textContent = holder.name;
    el("holder-org").textContent = holder.organisation;
    el("holder-category").textContent = holder.category;
    el("holder").style.borderColor = holder.color || "";
    el("holder").hidden = false;
    if (serial !== null && holder.photo) showPhoto(id, serial);
  }

  /** Drawn only if decision ``id`` is still the one on screen when the photo arrives. */
  function showPhoto(id, serial) {
    options.photo(serial).then(function (blob) {
      if (!blob || id !== shown) return;
      if (photoUrl) URL.revokeObjectURL(photoUrl);
      photoUrl = URL.createObjectURL(blob);
      var img = el("holder-photo");
      img.src = photoUrl;
      img.hidden = false;
    });
  }

  /** A verdict for decision ``id``, unless a later one has started. how: byServer, typed (a
   * confirmed typed serial), reason (instead of the rule's), source (instead of who decided). */
  function show(id, result, holder, serial, how) {
    if (id !== shown) return;
    how = how || {};
    var box = el("verdict");
    box.hidden = false;
    box.dataset.result = result;
    box.className = "scan-verdict " + (result === "ok" ? "ok" : "stop");
    el("confirm").hidden = true;
    el("verdict-title").textContent = result === "ok" ? S.valid : S.refused;
    el("verdict-reason").textContent = how.reason || REASONS[result] || result;
    var source = how.byServer ? S.by_server : S.by_phone;
    if (how.typed) source = S.typed_confirmed + " " + source;
    el("verdict-source").textContent = how.source !== undefined ? how.source : source;
    clearHolder();
    if (holder) drawHolder(id, holder, serial);
    lastFeedback = window.ScanFeedback ? window.ScanFeedback.signal(result === "ok") : null;
    reveal(box);
  }

  /** Below an open camera the verdict may start off screen: bring it up. */
  function reveal(box) {
    if (box.scrollIntoView) box.scrollIntoView({ block: "nearest" });
  }

  function showConfirm(id, badgeLabel, holder) {
    pending = { id: id, label: badgeLabel, holder: holder };
    var box = el("verdict");
    box.hidden = false;
    box.dataset.result = "confirm";
    box.className = "scan-verdict confirm";
    el("verdict-title").textContent = S.check_face;
    el("verdict-reason").textContent = S.typed_warning;
    el("verdict-source").textContent = badgeLabel;
    clearHolder();
    drawHolder(id, holder, holder.serial);
    el("confirm").hidden = false;
    reveal(box);
    el("confirm-yes").focus({ preventScroll: true });
  }

  return {
    begin: begin,
    show: show,
    showConfirm: showConfirm,
    isCurrent: function (id) { return id === shown; },
    /** The typed serial waiting for the guard's answer, if it is what the screen shows. */
    pending: function () { return pending && pending.id === shown ? pending : null; },
    lastFeedback: function () { return lastFeedback; },
  };
};
