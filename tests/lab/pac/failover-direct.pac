// Every proxy unreachable (refused, then no route to host): only DIRECT is left.
function FindProxyForURL(url, host) {
    return "PROXY deadproxy.lab.test:3128; PROXY 127.0.3.1:3128; DIRECT";
}
