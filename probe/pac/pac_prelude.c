/* The helper functions written in JavaScript, run before the script (whose
 * own definitions win, as in a browser). They keep the natives they need
 * in a closure, so a script that redefines dnsResolve changes only its own
 * calls. The time functions read this machine's clock (__pacNow, C), local
 * time unless the last argument is "GMT".
 *
 * As Netscape's format defines them and Microsoft's examples use them
 * ("JavaScript and JScript Auto-proxy Example Files",
 * https://learn.microsoft.com/en-us/previous-versions/windows/
 * internet-explorer/ie-it-pro/internet-explorer-9/gg598604(v=technet.10)):
 *   - host names compare without regard to case (DNS names have none);
 *   - shExpMatch: '*' any run of characters, '?' one, everything else
 *     itself, over the whole string;
 *   - weekdayRange("FRI", "MON"): the order matters, the range wraps;
 *   - dateRange: one day, month or year, or a range of them; (24, "DEC")
 *     and (24, "DEC", 1995) are single dates; ranges without a year wrap
 *     (dateRange("DEC", "JAN")); bounds are included;
 *   - timeRange(12): noon to 12:59:59; a range runs from its start up to,
 *     not including, its end ("timeRange(0, 0, 0, 0, 0, 30): midnight to
 *     30 seconds past"), and wraps past midnight;
 *   - getClientVersion: "1.0" ("Currently this function returns version
 *     1.0", https://learn.microsoft.com/en-us/windows/win32/winhttp/
 *     getclientversion);
 *   - alert: shows nothing, fails nothing.
 *
 * Arguments of the wrong type do what they do in the engines whose helpers
 * are JavaScript calling string methods on them (Firefox's
 * ascii_pac_utils.js, and Chromium's pac_js_library.h, taken from it):
 *   - a TypeError (the script fails for that URL) where those call a string
 *     method on the argument, so undefined, null, a number, a boolean or a
 *     function throws: isPlainHostName(host), dnsDomainLevels(host),
 *     shExpMatch's pattern, localHostOrDomainIs' hostdom, and dnsDomainIs'
 *     host and domain when they are undefined or null (a number has no
 *     length there: false);
 *   - String() where those coerce: shExpMatch's string (a RegExp's test),
 *     localHostOrDomainIs' host (host + '.'; and host == hostdom first, so
 *     two missing arguments are equal: true);
 *   - the answer "not found" where the native helpers take only a string
 *     (dnsResolve null, dnsResolveEx "", isResolvable(Ex) false), and false
 *     from isInNet(Ex), the time functions and anything else that does not
 *     match. (Where the two disagree, Firefox's newer code is followed:
 *     Chromium throws for isInNet with a pattern that is not a string,
 *     Firefox answers false; Firefox throws for dnsResolve() with no
 *     argument at all, Chromium answers null.) */
#include "pac_js.h"

const char pac_prelude[] =
	"(function (g, resolve, resolveEx, now) {\n"
	"var DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];\n"
	"var MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];\n"
	"function low(s) { return String(s).toLowerCase(); }\n"
	/* V, on which the engines call the string method M, as a string; a
	 * TypeError, as there, for what has no such method. */
	"function asString(fn, v, m) {\n"
	"  if (v === undefined || v === null || typeof v[m] !== 'function')\n"
	"    throw new TypeError(fn + '(): ' + (v === null ? 'null' : v === undefined ? 'undefined' : 'a ' + typeof v) +\n"
	"      ' is not a string');\n"
	"  return String(v);\n"
	"}\n"
	/* V's length, which the engines read: a TypeError for undefined, null. */
	"function lengthOf(fn, v) {\n"
	"  if (v === undefined || v === null) throw new TypeError(fn + '(): ' + v + ' is not a string');\n"
	"  return v.length;\n"
	"}\n"
	/* The arguments without a trailing "GMT", and whether it was there. */
	"function split(args) {\n"
	"  var a = Array.prototype.slice.call(args);\n"
	"  var gmt = a.length > 0 && String(a[a.length - 1]).toUpperCase() === 'GMT';\n"
	"  if (gmt) a.pop();\n"
	"  return { a: a, now: now(gmt) };\n"
	"}\n"
	/* LO..HI (numbers) holds CUR; WRAP lets a range run past the end. */
	"function within(lo, hi, cur, wrap, open) {\n"
	"  if (lo <= hi) return cur >= lo && (open ? cur < hi : cur <= hi);\n"
	"  return wrap && (cur >= lo || (open ? cur < hi : cur <= hi));\n"
	"}\n"
	"g.isPlainHostName = function (host) { return asString('isPlainHostName', host, 'search').indexOf('.') < 0; };\n"
	"g.dnsDomainIs = function (host, domain) {\n"
	"  if (!(lengthOf('dnsDomainIs', host) >= lengthOf('dnsDomainIs', domain))) return false;\n"
	"  var h = low(asString('dnsDomainIs', host, 'substring')), d = low(domain);\n"
	"  return h.length >= d.length && h.substring(h.length - d.length) === d;\n"
	"};\n"
	"g.localHostOrDomainIs = function (host, hostdom) {\n"
	"  if (host == hostdom) return true;\n"
	"  var h = low(host), d = low(asString('localHostOrDomainIs', hostdom, 'lastIndexOf'));\n"
	"  return h === d || d.split('.')[0] === h;\n"
	"};\n"
	"g.isResolvable = function (host) { return resolve(host) !== null; };\n"
	"g.isResolvableEx = function (host) { return resolveEx(host) !== ''; };\n"
	"g.dnsDomainLevels = function (host) { return asString('dnsDomainLevels', host, 'split').split('.').length - 1; };\n"
	"g.shExpMatch = function (str, exp) {\n"
	"  var s = String(str), p = asString('shExpMatch', exp, 'replace'), i = 0, j = 0, star = -1, mark = 0;\n"
	"  while (i < s.length) {\n"
	"    if (j < p.length && p.charAt(j) === '*') { star = j++; mark = i; }\n"
	"    else if (j < p.length && (p.charAt(j) === '?' || p.charAt(j) === s.charAt(i))) { i++; j++; }\n"
	"    else if (star >= 0) { j = star + 1; i = ++mark; }\n"
	"    else return false;\n"
	"  }\n"
	"  while (j < p.length && p.charAt(j) === '*') j++;\n"
	"  return j === p.length;\n"
	"};\n"
	"g.weekdayRange = function () {\n"
	"  var x = split(arguments), a = x.a;\n"
	"  if (a.length < 1 || a.length > 2) return false;\n"
	"  var d1 = DAYS.indexOf(String(a[0]).toUpperCase());\n"
	"  var d2 = a.length === 2 ? DAYS.indexOf(String(a[1]).toUpperCase()) : d1;\n"
	"  return d1 >= 0 && d2 >= 0 && within(d1, d2, x.now[3], true, false);\n"
	"};\n"
	/* A dateRange argument: D (a day, 1-31), Y (a year, 32 and up) or M. */
	"function datePart(v) {\n"
	"  if (typeof v === 'number' || /^[0-9]+$/.test(String(v))) {\n"
	"    var n = Number(v);\n"
	"    if (n >= 1 && n <= 31 && n % 1 === 0) return { k: 'D', v: n };\n"
	"    if (n > 31 && n % 1 === 0) return { k: 'Y', v: n };\n"
	"    return null;\n"
	"  }\n"
	"  var m = MONTHS.indexOf(String(v).toUpperCase());\n"
	"  return m < 0 ? null : { k: 'M', v: m };\n"
	"}\n"
	/* The date as one number from the fields KINDS names. */
	"function dateKey(kinds, y, m, d) {\n"
	"  return (kinds.indexOf('Y') >= 0 ? y : 0) * 10000 + (kinds.indexOf('M') >= 0 ? m : 0) * 100 +\n"
	"    (kinds.indexOf('D') >= 0 ? d : 0);\n"
	"}\n"
	"function partsKey(kinds, parts) {\n"
	"  var y = 0, m = 0, d = 0;\n"
	"  for (var i = 0; i < parts.length; i++) {\n"
	"    if (parts[i].k === 'Y') y = parts[i].v; else if (parts[i].k === 'M') m = parts[i].v; else d = parts[i].v;\n"
	"  }\n"
	"  return dateKey(kinds, y, m, d);\n"
	"}\n"
	"g.dateRange = function () {\n"
	"  var x = split(arguments), parts = [], kinds = '';\n"
	"  for (var i = 0; i < x.a.length; i++) {\n"
	"    var p = datePart(x.a[i]);\n"
	"    if (!p) return false;\n"
	"    parts.push(p);\n"
	"    kinds += p.k;\n"
	"  }\n"
	"  var cur = function (k) { return dateKey(k, x.now[0], x.now[1], x.now[2]); };\n"
	"  if (/^(D|M|Y|DM|MY|DMY)$/.test(kinds)) return partsKey(kinds, parts) === cur(kinds);\n"
	"  if (!/^(DD|MM|YY|DMDM|MYMY|DMYDMY)$/.test(kinds)) return false;\n"
	"  var half = kinds.substring(0, kinds.length / 2);\n"
	"  return within(partsKey(half, parts.slice(0, parts.length / 2)),\n"
	"    partsKey(half, parts.slice(parts.length / 2)), cur(half), half.indexOf('Y') < 0, false);\n"
	"};\n"
	"g.timeRange = function () {\n"
	"  var x = split(arguments), a = x.a, t = x.now, n = a.length;\n"
	"  for (var i = 0; i < n; i++) {\n"
	"    if (typeof a[i] !== 'number' && !/^[0-9]+$/.test(String(a[i]))) return false;\n"
	"    a[i] = Number(a[i]);\n"
	"  }\n"
	"  if (n === 1) return t[4] === a[0];\n"
	"  var cur = t[4] * 3600 + t[5] * 60 + t[6];\n"
	"  if (n === 2) return within(a[0] * 3600, a[1] * 3600, cur, true, true);\n"
	"  if (n === 4) return within(a[0] * 3600 + a[1] * 60, a[2] * 3600 + a[3] * 60, cur, true, true);\n"
	"  if (n === 6)\n"
	"    return within(a[0] * 3600 + a[1] * 60 + a[2], a[3] * 3600 + a[4] * 60 + a[5], cur, true, true);\n"
	"  return false;\n"
	"};\n"
	"g.getClientVersion = function () { return '1.0'; };\n"
	"g.alert = function () {};\n"
	"})(this, dnsResolve, dnsResolveEx, __pacNow);\n";
