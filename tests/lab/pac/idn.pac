// dnsResolve of an internationalized name: Windows asks DNS for its IDNA
// form, xn--bcher-kva.lab.test (127.0.1.1 in the lab's DNS) -> tinyproxy.
// The name asked as its raw UTF-8 bytes finds nothing -> DIRECT.
function FindProxyForURL(url, host) {
    if (dnsResolve("Bücher.lab.test") === "127.0.1.1" && isResolvable("BÜCHER.lab.test"))
        return "PROXY tinyproxy.lab.test:8888";
    return "DIRECT";
}
