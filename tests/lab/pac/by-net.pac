// Picks the lab's proxies by the address the host resolves to:
//   127.0.1.0/24 (the update hosts, good.lab.test)  -> tinyproxy
//   127.0.2.0/24 (the fault hosts, status.lab.test) -> squid without authentication
//   no address, anything else                       -> DIRECT
function FindProxyForURL(url, host) {
    var ip = dnsResolve(host);
    if (!ip)
        return "DIRECT";
    if (isInNet(ip, "127.0.1.0", "255.255.255.0"))
        return "PROXY tinyproxy.lab.test:8888";
    if (isInNet(ip, "127.0.2.0", "255.255.255.0"))
        return "PROXY squid-open.lab.test:3128";
    return "DIRECT";
}
