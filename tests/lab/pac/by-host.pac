// Picks the lab's proxies by host name (tests/lab/hosts):
//   *.windowsupdate.com  -> tinyproxy
//   *.microsoft.com      -> squid without authentication
//   plain names, the rest -> DIRECT
function FindProxyForURL(url, host) {
    if (isPlainHostName(host))
        return "DIRECT";
    if (dnsDomainIs(host, ".windowsupdate.com"))
        return "PROXY tinyproxy.lab.test:8888";
    if (shExpMatch(host, "*.microsoft.com"))
        return "PROXY squid-open.lab.test:3128";
    return "DIRECT";
}
