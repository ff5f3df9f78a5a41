// A syntax error on line 5 (two = in a row); the rest is fine.
function FindProxyForURL(url, host) {
    if (isPlainHostName(host))
        return "DIRECT";
    var broken = = 1;
    return "PROXY squid-open.lab.test:3128";
}
