#!/usr/bin/python3
"""A DNS server that answers after a round trip: every name under
bench.lab.test has A ADDRESS and no AAAA (NOERROR, no answer); any other
name is NXDOMAIN. Each answer leaves RTT_MS after its query arrived, as if
the query and the answer each took half a round trip. UDP only (the answers
are small). Writes READY_FILE once it listens.
Usage: delaydns.py LISTEN_IP RTT_MS ADDRESS READY_FILE"""
import asyncio
import signal
import socket
import struct
import sys

ZONE = b"bench.lab.test"
A, AAAA = 1, 28
SO_SNDBUFFORCE, SO_RCVBUFFORCE = 32, 33   # Linux; Python 3.11 does not name them


def question(msg):
    """(name in lower case, qtype, end of the question), or None."""
    labels, i = [], 12
    while i < len(msg):
        n = msg[i]
        if n == 0:
            if i + 5 > len(msg):
                return None
            qtype = struct.unpack_from("!H", msg, i + 1)[0]
            return b".".join(labels).lower(), qtype, i + 5
        if n & 0xC0 or i + 1 + n > len(msg):
            return None
        labels.append(msg[i + 1:i + 1 + n])
        i += 1 + n
    return None


def answer(msg, addr):
    if len(msg) < 12 or msg[2] & 0x80:
        return None
    q = question(msg)
    if q is None or struct.unpack_from("!H", msg, 4)[0] != 1:
        return None
    name, qtype, end = q
    ours = name == ZONE or name.endswith(b"." + ZONE)
    rcode = 0 if ours else 3
    flags = 0x8400 | (struct.unpack_from("!H", msg, 2)[0] & 0x0100) | 0x0080 | rcode
    records = b""
    if ours and qtype == A:
        records = struct.pack("!HHHIH", 0xC00C, A, 1, 60, 4) + addr
    head = msg[:2] + struct.pack("!HHHHH", flags, 1, 1 if records else 0, 0, 0)
    return head + msg[12:end] + records


class Server(asyncio.DatagramProtocol):
    def __init__(self, delay, addr):
        self.delay, self.addr, self.transport = delay, addr, None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, peer):
        reply = answer(data, self.addr)
        if reply is None:
            return
        if self.delay > 0:
            asyncio.get_running_loop().call_later(self.delay, self.transport.sendto, reply, peer)
        else:
            self.transport.sendto(reply, peer)


async def main():
    listen, rtt_ms, address, ready = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # A burst of thousands of queries must not overflow the server's buffer
    # (root may exceed net.core.rmem_max); the clients keep their defaults.
    sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 16 << 20)
    sock.setsockopt(socket.SOL_SOCKET, SO_SNDBUFFORCE, 16 << 20)
    sock.bind((listen, 53))
    await loop.create_datagram_endpoint(lambda: Server(rtt_ms / 1000, socket.inet_aton(address)), sock=sock)
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    open(ready, "w").close()
    await stop


if __name__ == "__main__":
    asyncio.run(main())
