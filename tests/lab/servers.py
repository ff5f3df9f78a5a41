#!/usr/bin/python3
"""The lab's hostile servers, each on its own loopback address:
SNTP servers (right, 600 s ahead, 600 s behind, kiss-o'-death, a wrong
originate stamp, silent), an HTTP server whose Date is an hour behind, and
hang (accepts, never answers), garbage (answers bytes that are not HTTP or
TLS), bighead (an HTTP response with 200 KiB of headers), blackhole (a full
accept queue: SYNs go unanswered), reset (reads the request, then RST), and
two DNS servers: one that answers SERVFAIL, one that never answers.
Usage: servers.py READY_FILE. Runs until killed; loopback only."""
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


def garbage(conn):
    conn.settimeout(5)
    try:
        conn.recv(4096)
        conn.sendall(b"\x00\x17GARBAGE\xff\xfe not a protocol \x01\x02\x03\r\n" * 8)
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


def dns_drop_first(addr):
    """Ignores the first query for each name and type, answers the retry:
    A 127.0.2.19 for aia.lab.test, 127.0.1.1 for any other name, no AAAA.
    Shows when, and through which resolver, the client asks."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    seen = set()

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
            if question not in seen:
                seen.add(question)
                continue
            seen.discard(question)     # the next lookup loses its first query too
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
    serve(tcp_listener("127.0.2.8", 3128), hang)      # a proxy that never answers
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
    with open(sys.argv[1], "w") as f:
        f.write("ready\n")
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
