// What WPAD finds at http://wpad.corp.lab.test/wpad.dat (the corp.lab.test
// suffix and its children, e.g. branch.corp.lab.test).
function FindProxyForURL(url, host) {
    if (isPlainHostName(host))
        return "DIRECT";
    return "PROXY squid-open.lab.test:3128; DIRECT";
}
