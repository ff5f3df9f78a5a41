// Defines both functions: WinHTTP calls FindProxyForURLEx when the script has
// it, so the answer is squid, not tinyproxy.
function FindProxyForURL(url, host) {
    return "PROXY tinyproxy.lab.test:8888";
}
function FindProxyForURLEx(url, host) {
    return "PROXY squid-open.lab.test:3128";
}
