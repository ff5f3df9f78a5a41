#!/usr/bin/python3
"""The lab's hostile servers, each on its own loopback address:
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


def dns_silent(addr):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    held.append(s)             # queries pile up unanswered


def main():
    serve(tcp_listener("127.0.2.8", 3128), hang)      # a proxy that never answers
    for port in (80, 443):
        serve(tcp_listener("127.0.2.8", port), hang)
        serve(tcp_listener("127.0.2.9", port), garbage)
        serve(tcp_listener("127.0.2.12", port), reset)
        blackhole("127.0.2.11", port)
    serve(tcp_listener("127.0.2.10", 80), bighead)
    dns_servfail("127.0.0.53")
    dns_silent("127.0.0.54")
    with open(sys.argv[1], "w") as f:
        f.write("ready\n")
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
