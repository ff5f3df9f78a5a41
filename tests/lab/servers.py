#!/usr/bin/python3
"""The lab's hostile servers, each on its own loopback address:
SNTP servers (right, 600 s ahead, 600 s behind, kiss-o'-death, a wrong
originate stamp, silent), an HTTP server whose Date is an hour behind, and
hang (accepts, never answers), garbage (answers bytes that are not HTTP or
TLS), bighead (an HTTP response with 200 KiB of headers), blackhole (a full
accept queue: SYNs go unanswered), reset (reads the request, then RST),
httphead (100 KiB of headers broken up by lines that start with "HTTP/"),
continueflood (5,000 interim 100 responses before the 200), DNS servers
(SERVFAIL, silent, drop-first, truncated over UDP, over 512 bytes, garbage,
a wrong ID, CNAME and compression-pointer loops) and proxies (NTLM that
never answers the type-3, NTLM that challenges forever, garbage, a CONNECT
that is accepted and then closed).
Counters for the tests go to the directory of READY_FILE (the lab's).
Usage: servers.py READY_FILE. Runs until killed; loopback only."""
import base64
import os
import random
import socket
import struct
import sys
import threading
import time

held = []   # sockets kept open on purpose


def tcp_listener(addr, port, backlog=64):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(backlog)
    return s


def serve(listener, handler):
    def loop():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=handler, args=(conn,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()


def hang(conn):
    held.append(conn)          # never answer, never close


GARBAGE = b"\x00\x17GARBAGE\xff\xfe not a protocol \x01\x02\x03\r\n" * 8
LAB = "."                  # the lab's run directory, for counters (set in main)


def count(name, line):
    """Appends LINE to the counter file NAME in the lab's directory."""
    with open(os.path.join(LAB, name), "a") as f:
        f.write(line.rstrip("\n") + "\n")


def garbage(conn):
    conn.settimeout(5)
    try:
        conn.recv(4096)
        conn.sendall(GARBAGE)
        time.sleep(0.2)
    except OSError:
        pass
    conn.close()


def bighead(conn):
    conn.settimeout(5)
    try:
        conn.recv(4096)
        head = b"HTTP/1.1 200 OK\r\n" + b"".join(
            b"X-Pad-%d: %s\r\n" % (i, b"x" * 1000) for i in range(200))
        conn.sendall(head + b"Content-Length: 3\r\n\r\nok\n")
        time.sleep(0.5)
    except OSError:
        pass
    conn.close()


def httphead(conn):
    """A 200 with about 100 KiB of headers in 30 KiB blocks, each block
    followed by a header line that starts with "HTTP/": a client that takes
    such a line for a new status line and restarts its count never sees
    more than 30 KiB."""
    conn.settimeout(5)
    try:
        read_request(conn, b"")
        lines = [b"HTTP/1.1 200 OK\r\n"]
        for i in range(100):
            lines.append(b"X-Pad-%d: %s\r\n" % (i, b"x" * 1000))
            if i % 30 == 29:
                lines.append(b"HTTP/1.1-Pad-%d: x\r\n" % i)
        lines.append(b"Content-Length: 3\r\nConnection: close\r\n\r\nok\n")
        conn.sendall(b"".join(lines))
        time.sleep(0.5)
    except OSError:
        pass
    conn.close()


def continueflood(conn):
    """5,000 interim "100 Continue" responses (125 KB), then a 200."""
    conn.settimeout(5)
    try:
        read_request(conn, b"")
        conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n" * 5000
                     + b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
        time.sleep(0.5)
    except OSError:
        pass
    conn.close()


PAYLOAD_SIZE = 307200   # tests/lab/run makes payload.bin this size


def badrange(conn):
    """An origin (or a proxy's cache) that answers ranges wrongly, by path:
    /short: 206 "bytes 0-1023/SIZE" with 512 bytes; /wrongrange: 206 "bytes
    0-511/SIZE" for a request of 0-1023; /nocontentrange: 206 without
    Content-Range; /nolength: HEAD answered without Content-Length (a
    correct GET); anything else: a correct 206 of the bytes asked."""
    conn.settimeout(5)
    try:
        req = read_request(conn, b"")
        if not req:
            conn.close()
            return
        line, headers, _ = req
        method, path = line.split(" ")[:2]
        count("badrange.log", "%s %s %s" % (method, path, headers.get("range", "-")))
        first, last = 0, 1023
        rng = headers.get("range", "")
        if rng.startswith("bytes=") and "-" in rng:
            a, _, b = rng[6:].partition("-")
            first, last = int(a or 0), int(b or PAYLOAD_SIZE - 1)
        cr = "bytes %d-%d/%d" % (first, last, PAYLOAD_SIZE)
        body = b"w" * (last - first + 1)
        extra = "Content-Range: %s\r\n" % cr
        if path == "/short":
            body = body[:512]
        elif path == "/wrongrange":
            extra = "Content-Range: bytes %d-%d/%d\r\n" % (first, first + 511, PAYLOAD_SIZE)
            body = body[:512]
        elif path == "/nocontentrange":
            extra = ""
        if method == "HEAD":
            head = "HTTP/1.1 200 OK\r\nAccept-Ranges: bytes\r\n"
            if path != "/nolength":
                head += "Content-Length: %d\r\n" % PAYLOAD_SIZE
            conn.sendall((head + "Connection: close\r\n\r\n").encode())
        else:
            conn.sendall(("HTTP/1.1 206 Partial Content\r\n%sContent-Length: %d\r\n"
                          "Connection: close\r\n\r\n" % (extra, len(body))).encode() + body)
        time.sleep(0.2)
    except (OSError, ValueError):
        pass
    conn.close()


def read_request(conn, buf):
    """Reads one request head and its Content-Length body from CONN, BUF
    holding what was read before. Returns (request line, {lower-case
    header: value}, what follows), or None when the peer closed."""
    while b"\r\n\r\n" not in buf:
        data = conn.recv(65536)
        if not data or len(buf) > 1 << 20:
            return None
        buf += data
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0") or 0)
    while len(rest) < n:
        data = conn.recv(65536)
        if not data:
            return None
        rest += data
    return lines[0], headers, rest[n:]


# NTLM (MS-NLMP): the message type of a "Proxy-Authorization: NTLM <base64>"
# header, and a type-2 challenge libcurl accepts (unicode, NTLM, always sign;
# no target name or target info: 48 bytes).
NTLM_FLAGS = 0x00000001 | 0x00000200 | 0x00008000


def ntlm_type(auth):
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "ntlm" or not token.strip():
        return 0
    try:
        msg = base64.b64decode(token.strip())
    except ValueError:
        return -1
    if len(msg) < 12 or msg[:8] != b"NTLMSSP\0":
        return -1
    return struct.unpack("<I", msg[8:12])[0]


def ntlm_type2():
    msg = (b"NTLMSSP\0" + struct.pack("<I", 2) + struct.pack("<HHI", 0, 0, 48)
           + struct.pack("<I", NTLM_FLAGS) + os.urandom(8) + bytes(8) + struct.pack("<HHI", 0, 0, 48))
    return base64.b64encode(msg)


def ntlm_proxy(endless):
    """An NTLM proxy on a keep-alive connection: 407 "NTLM" to a request
    without credentials, 407 with a fresh type-2 challenge to a type-1.
    To the type-3: nothing, ever (the socket is held until the client
    closes it), or, if ENDLESS, yet another 407 with a new challenge.
    The endless one counts every request in ntlmendless.count."""
    def handler(conn):
        buf = b""
        try:
            while True:
                req = read_request(conn, buf)
                if req is None:
                    break
                line, headers, buf = req
                kind = ntlm_type(headers.get("proxy-authorization", ""))
                if endless:
                    count("ntlmendless.count", f"{line} type={kind}")
                if kind == 3 and not endless:
                    while conn.recv(4096):     # hold the socket, answer nothing
                        pass
                    break
                challenge = b"NTLM " + ntlm_type2() if kind in (1, 3) else b"NTLM"
                conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                             b"Proxy-Authenticate: " + challenge + b"\r\n"
                             b"Content-Length: 0\r\nProxy-Connection: keep-alive\r\n"
                             b"Connection: keep-alive\r\n\r\n")
        except OSError:
            pass
        conn.close()
    return handler


def bytes_proxy(payload):
    """A proxy port where another service listens: answers any request with
    PAYLOAD (bytes that are not HTTP) and closes."""
    def handler(conn):
        conn.settimeout(5)
        try:
            if read_request(conn, b"") is not None:
                conn.sendall(payload)
                time.sleep(0.2)
        except OSError:
            pass
        conn.close()
    return handler


def close_proxy(conn):
    """Accepts a CONNECT with 200 and closes at once; closes on a GET unanswered."""
    conn.settimeout(5)
    try:
        req = read_request(conn, b"")
        if req is not None and req[0].upper().startswith("CONNECT "):
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    except OSError:
        pass
    conn.close()


def reset(conn):
    conn.settimeout(5)
    try:
        conn.recv(4096)
    except OSError:
        pass
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()               # with linger 0: RST


def blackhole(addr, port):
    s = tcp_listener(addr, port, backlog=0)
    held.append(s)
    # Fill the accept queue; the kernel then drops further SYNs.
    for _ in range(4):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.setblocking(False)
        try:
            c.connect((addr, port))
        except BlockingIOError:
            pass
        held.append(c)


def dns_servfail(addr):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))

    def loop():
        while True:
            q, peer = s.recvfrom(512)
            if len(q) < 12:
                continue
            # Same id and question, QR=1, RD copied, RA=1, RCODE=2 (SERVFAIL).
            flags = 0x8000 | (q[2] << 8 & 0x0100) | 0x0080 | 2
            s.sendto(q[:2] + struct.pack(">H", flags) + q[4:6] + b"\0\0\0\0\0\0" + q[12:], peer)
    threading.Thread(target=loop, daemon=True).start()


def dns_drop_first(addr, drop=1):
    """Ignores the first DROP queries for each name and type, answers the
    next: A 127.0.2.19 for aia.lab.test, 127.0.1.1 for any other name, no
    AAAA. Shows when, and through which resolver, the client asks; with
    DROP=3 only a client that asks again after c-ares gave up gets an answer."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    seen = {}

    def loop():
        while True:
            q, peer = s.recvfrom(512)
            if len(q) < 17:
                continue
            end = 12
            while end < len(q) and q[end] != 0:
                end += q[end] + 1
            question = q[12:end + 5]
            qtype = struct.unpack(">H", q[end + 1:end + 3])[0]
            if seen.get(question, 0) < drop:
                seen[question] = seen.get(question, 0) + 1
                continue
            seen.pop(question)         # the next lookup loses its first queries too
            flags = 0x8000 | (q[2] << 8 & 0x0100) | 0x0080
            if qtype == 1:
                addr = bytes([127, 0, 2, 19]) if q[12:end].lower() == b"\x03aia\x03lab\x04test" else bytes([127, 0, 1, 1])
                answer = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + addr
                s.sendto(q[:2] + struct.pack(">HHHHH", flags, 1, 1, 0, 0) + question + answer, peer)
            else:
                s.sendto(q[:2] + struct.pack(">HHHHH", flags, 1, 0, 0, 0) + question, peer)
    threading.Thread(target=loop, daemon=True).start()


def dns_silent(addr):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    held.append(s)             # queries pile up unanswered


# DNS messages (RFC 1035), for the hostile DNS servers below.
A_GOOD = bytes([127, 0, 1, 1])
T_A, T_CNAME, T_AAAA = 1, 5, 28


def dns_question(q):
    """(id, RD bit, question section, QNAME in wire form, QTYPE), or None."""
    if len(q) < 17:
        return None
    end = 12
    while end < len(q) and q[end] != 0:
        if q[end] & 0xC0:
            return None
        end += q[end] + 1
    if end + 5 > len(q):
        return None
    return q[:2], q[2] & 1, q[12:end + 5], q[12:end + 1], struct.unpack(">H", q[end + 1:end + 3])[0]


def dns_name(dotted):
    return b"".join(bytes([len(l)]) + l.encode() for l in dotted.split(".") if l) + b"\0"


def dns_rr(owner, rtype, rdata, ttl=60):
    return owner + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata


def dns_reply(qid, rd, question, answers, extra_flags=0):
    """A NOERROR answer: QR, RD copied, RA, plus EXTRA_FLAGS (e.g. TC)."""
    flags = 0x8000 | rd << 8 | 0x0080 | extra_flags
    return qid + struct.pack(">HHHHH", flags, 1, len(answers), 0, 0) + question + b"".join(answers)


def dns_simple(q):
    """A 127.0.1.1 for any name, an empty NOERROR to any other type."""
    qid, rd, question, _, qtype = q
    return dns_reply(qid, rd, question, [dns_rr(b"\xc0\x0c", T_A, A_GOOD)] if qtype == T_A else [])


def dns_udp(addr, answer):
    """Answers each UDP query on ADDR:53 with ANSWER(raw query) (None: nothing)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))

    def loop():
        while True:
            q, peer = s.recvfrom(4096)
            r = answer(q)
            if r is not None:
                s.sendto(r, peer)
    threading.Thread(target=loop, daemon=True).start()


def dns_tcp(addr, answer):
    """DNS over TCP on ADDR:53 (2-byte length prefix), queries in a loop."""
    def handler(conn):
        conn.settimeout(10)
        buf = b""
        try:
            while True:
                while len(buf) < 2 or len(buf) < 2 + struct.unpack(">H", buf[:2])[0]:
                    data = conn.recv(4096)
                    if not data:
                        raise OSError("closed")
                    buf += data
                n = struct.unpack(">H", buf[:2])[0]
                q, buf = buf[2:2 + n], buf[2 + n:]
                r = answer(q)
                if r is not None:
                    conn.sendall(struct.pack(">H", len(r)) + r)
        except OSError:
            pass
        conn.close()
    serve(tcp_listener(addr, 53), handler)


def parsed(f):
    """Wraps F(parsed question) as an answer to a raw query; ignores junk."""
    def answer(raw):
        q = dns_question(raw)
        return f(q) if q else None
    return answer


def dns_tc(addr):
    """UDP: every answer truncated (TC, no records). TCP: the real answer;
    each TCP query is counted in dns-tc-tcp.count."""
    def truncated(q):
        return dns_reply(q[0], q[1], q[2], [], extra_flags=0x0200)

    def over_tcp(q):
        count("dns-tc-tcp.count", f"qtype={q[4]}")
        return dns_simple(q)
    dns_udp(addr, parsed(truncated))
    dns_tcp(addr, parsed(over_tcp))


def dns_big(addr):
    """An answer of about 1.9 KB over UDP, without TC: six CNAMEs between
    long uncompressed names, ending in A 127.0.1.1 (no AAAA). Same over TCP."""
    names = [dns_name(f"c{i}-{'x' * 57}.{'y' * 60}.big.lab.test") for i in range(1, 7)]

    def big(q):
        qid, rd, question, qname, qtype = q
        owners = [qname] + names
        answers = [dns_rr(owners[i], T_CNAME, owners[i + 1]) for i in range(len(names))]
        if qtype == T_A:
            answers.append(dns_rr(names[-1], T_A, A_GOOD))
        return dns_reply(qid, rd, question, answers)
    dns_udp(addr, parsed(big))
    dns_tcp(addr, parsed(big))


def dns_garbage(addr):
    """Random bytes: in turn, fewer than 12 (not even a header), the query's
    ID followed by junk, and junk throughout; random lengths."""
    turn = [0]

    def junk(raw):
        turn[0] += 1
        kind = turn[0] % 3
        if kind == 0:
            return os.urandom(random.randrange(0, 12))
        body = os.urandom(random.randrange(10, 600))
        return raw[:2] + body if kind == 1 else os.urandom(2) + body
    dns_udp(addr, junk)


def dns_wrong_id(addr):
    """The right answer, under the query's ID xor 0x5555."""
    def wrong(q):
        r = dns_simple(q)
        return bytes([r[0] ^ 0x55, r[1] ^ 0x55]) + r[2:]
    dns_udp(addr, parsed(wrong))


def dns_loops(addr):
    """cname-loop.*: QNAME -> loop-b.lab.test -> QNAME, both in the answer.
    ptr-loop.*: an answer whose owner name is a compression pointer to
    itself. Any other name: A 127.0.1.1."""
    other = dns_name("loop-b.lab.test")

    def loops(q):
        qid, rd, question, qname, qtype = q
        first = qname[1:1 + qname[0]].lower()
        if first == b"cname-loop":
            return dns_reply(qid, rd, question, [dns_rr(b"\xc0\x0c", T_CNAME, other),
                                                 dns_rr(other, T_CNAME, b"\xc0\x0c")])
        if first == b"ptr-loop":
            at = 12 + len(question)            # where the answer's owner name starts
            owner = struct.pack(">H", 0xC000 | at)
            return dns_reply(qid, rd, question, [dns_rr(owner, qtype, A_GOOD if qtype == T_A else bytes(16))])
        return dns_simple(q)
    dns_udp(addr, parsed(loops))


NTP_DELTA = 2208988800


def ntp_ts(t):
    return struct.pack(">II", int(t) + NTP_DELTA, int((t % 1) * 2**32))


def sntp_server(addr, offset=0.0, kind="good"):
    """Answers client requests (RFC 4330) with a clock OFFSET seconds off."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 123))
    held.append(s)
    if kind == "silent":
        return

    def loop():
        while True:
            q, peer = s.recvfrom(512)
            if len(q) < 48 or (q[0] & 7) != 3:
                continue
            now = time.time() + offset
            origin = q[40:48]
            if kind == "kiss":
                r = bytes([0x24, 0, 0, 0]) + b"\0" * 8 + b"RATE" + b"\0" * 8 + origin + b"\0" * 16
            else:
                if kind == "badorigin":
                    origin = bytes(8)
                r = (bytes([0x24, 2, 6, 0xEC]) + b"\0" * 8 + b"LAB\0" + ntp_ts(now - 10) + origin
                     + ntp_ts(now) + ntp_ts(now + 0.001))
            s.sendto(r, peer)
    threading.Thread(target=loop, daemon=True).start()


def skewed_date(conn):
    """An HTTP 200 whose Date header is an hour behind."""
    conn.settimeout(5)
    try:
        conn.recv(4096)
        date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() - 3600))
        conn.sendall(b"HTTP/1.1 200 OK\r\nDate: " + date.encode() + b"\r\nContent-Length: 3\r\n"
                     b"Connection: close\r\n\r\nok\n")
    except OSError:
        pass
    conn.close()


def main():
    global LAB
    LAB = os.path.dirname(os.path.abspath(sys.argv[1]))
    serve(tcp_listener("127.0.2.8", 3128), hang)      # a proxy that never answers
    serve(tcp_listener("127.0.4.7", 3128), ntlm_proxy(endless=False))
    serve(tcp_listener("127.0.4.8", 3128), ntlm_proxy(endless=True))
    serve(tcp_listener("127.0.4.9", 3128), bytes_proxy(GARBAGE))
    serve(tcp_listener("127.0.4.10", 3128), close_proxy)
    serve(tcp_listener("127.0.4.11", 3128), bytes_proxy(b"\x00\x5b\x00\x00\x00\x00\x00\x00"))  # SOCKS4: rejected
    serve(tcp_listener("127.0.4.12", 3128), bytes_proxy(b"\x05\xff"))                # SOCKS5: no method
    serve(tcp_listener("127.0.4.13", 3128), bytes_proxy(b"\x00\xff\x13garbage\x8a\x01 not http"))
    serve(tcp_listener("127.0.2.23", 80), httphead)
    serve(tcp_listener("127.0.2.24", 80), continueflood)
    serve(tcp_listener("127.0.2.27", 80), badrange)
    for port in (80, 443):
        serve(tcp_listener("127.0.2.8", port), hang)
        serve(tcp_listener("127.0.2.9", port), garbage)
        serve(tcp_listener("127.0.2.12", port), reset)
        blackhole("127.0.2.11", port)
    serve(tcp_listener("127.0.2.10", 80), bighead)
    serve(tcp_listener("127.0.2.21", 80), skewed_date)
    sntp_server("127.0.5.1")
    sntp_server("127.0.5.2", offset=600)
    sntp_server("127.0.5.3", offset=-600)
    sntp_server("127.0.5.4", kind="kiss")
    sntp_server("127.0.5.5", kind="badorigin")
    sntp_server("127.0.5.6", kind="silent")
    dns_servfail("127.0.0.53")
    dns_silent("127.0.0.54")
    dns_drop_first("127.0.0.55")
    dns_drop_first("127.0.0.62", drop=3)
    dns_tc("127.0.0.56")
    dns_big("127.0.0.57")
    dns_garbage("127.0.0.58")
    dns_wrong_id("127.0.0.59")
    dns_loops("127.0.0.60")
    # 127.0.0.61: nothing listens there, on purpose (a DNS server that does not exist)
    with open(sys.argv[1], "w") as f:
        f.write("ready\n")
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
