// Compiles, but FindProxyForURL allocates without end: about 1 MB more per
// turn, each string distinct (an engine that interns strings cannot share them)
// and all of them kept.
var keep = [];
function FindProxyForURL(url, host) {
    for (;;)
        keep.push(new Array(1 << 20).join("x") + keep.length);
}
