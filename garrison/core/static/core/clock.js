/*
 * Times as the pages print them (garrison/core/formats): a 24-hour clock and the day before the
 * month, in the event's time zone rather than the phone's. The parts are put together here, not
 * left to the locale, so that no language's habit (12/15, 2:05 PM) can slip in. No DOM: works in
 * the browser (window.GarrisonClock) and in Node (module.exports) for its test.
 */
(function (root) {
  "use strict";

  var formats = {};

  function parts(date, timeZone) {
    var key = timeZone || "";
    if (!formats[key]) {
      var options = {
        year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23",
      };
      if (timeZone) options.timeZone = timeZone;
      try {
        formats[key] = new Intl.DateTimeFormat("en-GB", options);
      } catch (e) { // an unknown zone: the phone's own
        delete options.timeZone;
        formats[key] = new Intl.DateTimeFormat("en-GB", options);
      }
    }
    var found = {};
    formats[key].formatToParts(date).forEach(function (p) { found[p.type] = p.value; });
    return found;
  }

  /** 14:05 */
  function time(date, timeZone) {
    var p = parts(date, timeZone);
    return p.hour + ":" + p.minute;
  }

  /** 15/12 14:05 */
  function dayTime(date, timeZone) {
    var p = parts(date, timeZone);
    return p.day + "/" + p.month + " " + p.hour + ":" + p.minute;
  }

  /** 15/12/2026 14:05 */
  function dateTime(date, timeZone) {
    var p = parts(date, timeZone);
    return p.day + "/" + p.month + "/" + p.year + " " + p.hour + ":" + p.minute;
  }

  var api = { time: time, dayTime: dayTime, dateTime: dateTime };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.GarrisonClock = api;
})(this);
