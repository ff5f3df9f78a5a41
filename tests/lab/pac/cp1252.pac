// Saved by Notepad as Windows-1252: the bytes below are not UTF-8 (E9 for
// "e acute"; C0 80, an overlong NUL). Each bad sequence reads as U+FFFD, as
// in a WHATWG decoder: the script runs, "caf?" has 4 characters, the
// overlong 2 (duktape alone failed the script, or merged C0 80 into one).
function FindProxyForURL(url, host) {
    if ("café".length === 4 && "À€".length === 2 && "café".charCodeAt(3) === 0xFFFD)
        return "PROXY tinyproxy.lab.test:8888";
    return "DIRECT";
}
