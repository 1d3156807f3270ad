/*
 * The check-in decision for the offline scanner: evaluates rules.json (the same file the
 * server evaluates in checkin/scans/rules.py), so the phone and the server decide alike.
 * Context values may be functions, read only when a step needs them.
 * Works in the browser (window.GarrisonRules) and in Node (module.exports) for the parity test.
 */
(function (root) {
  "use strict";

  function makeContext(values) {
    var seen = {};
    return function get(name) {
      if (!Object.prototype.hasOwnProperty.call(seen, name)) {
        var value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : null;
        seen[name] = typeof value === "function" ? value() : value;
        if (seen[name] === undefined) seen[name] = null;
      }
      return seen[name];
    };
  }

  function equal(a, b) {
    if (Array.isArray(a) || Array.isArray(b) || (a && typeof a === "object")) {
      return JSON.stringify(a) === JSON.stringify(b);
    }
    return a === b;
  }

  function compare(op, a, b) {
    if (op === "eq") return equal(a, b);
    if (a === null || b === null) return false; // an absent value never orders
    if (op === "lt") return a < b;
    if (op === "le") return a <= b;
    return a >= b; // "ge"
  }

  function truthy(value) {
    // Python's truth: empty lists and strings are false too.
    if (Array.isArray(value) || typeof value === "string") return value.length > 0;
    return Boolean(value);
  }

  function evaluate(expr, get) {
    if (!Array.isArray(expr) || expr.length === 0 || typeof expr[0] !== "string") return expr;
    var op = expr[0];
    var args = expr.slice(1);
    var i;
    switch (op) {
      case "var":
        return get(String(args[0]));
      case "not":
        return !truthy(evaluate(args[0], get));
      case "and":
        for (i = 0; i < args.length; i++) if (!truthy(evaluate(args[i], get))) return false;
        return true;
      case "or":
        for (i = 0; i < args.length; i++) if (truthy(evaluate(args[i], get))) return true;
        return false;
      case "null":
        return evaluate(args[0], get) === null;
      case "in": {
        var container = evaluate(args[1], get);
        if (!Array.isArray(container)) return false;
        var item = evaluate(args[0], get);
        for (i = 0; i < container.length; i++) if (equal(container[i], item)) return true;
        return false;
      }
      case "eq":
      case "lt":
      case "le":
      case "ge":
        return compare(op, evaluate(args[0], get), evaluate(args[1], get));
      default:
        throw new Error("unknown rule operator " + op);
    }
  }

  function decide(rules, values) {
    var get = makeContext(values);
    for (var i = 0; i < rules.steps.length; i++) {
      if (truthy(evaluate(rules.steps[i].when, get))) return rules.steps[i].code;
    }
    return "ok";
  }

  var api = { decide: decide, evaluate: evaluate };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.GarrisonRules = api;
})(this);
