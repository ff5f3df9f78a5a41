// A fail-over list: a proxy where nothing listens (connection refused), then
// a working one, then DIRECT. WinHTTP's callers take the next entry when a
// proxy cannot be reached.
function FindProxyForURL(url, host) {
    return "PROXY deadproxy.lab.test:3128; PROXY squid-open.lab.test:3128; DIRECT";
}
