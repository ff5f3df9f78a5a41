// Compiles, but FindProxyForURL never returns.
function FindProxyForURL(url, host) {
    for (;;) {
    }
}
