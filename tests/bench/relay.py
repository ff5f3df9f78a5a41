#!/usr/bin/python3
"""A TCP relay that adds a round trip time: every chunk it reads, in either
direction, is written to the other side RTT/2 later, in order, so one
request and its answer cost RTT more. The kernel completes the TCP handshake
with the client at once; the relay charges that round trip by holding each
connection's first client segment RTT longer, so that segment reaches the
server 1.5 RTT after connect(), as it would after a real handshake.
End of stream and resets travel the same way. With RTT 0 it only relays
(to measure the relay itself). Writes READY_FILE once it listens. On
SIGUSR1 it writes STATS_FILE: the most client connections open at once, how
many were accepted, how many delayed writes and how late they went out
(mean and most, ms), since the last SIGUSR1.
Usage: relay.py LISTEN_IP UPSTREAM_IP RTT_MS READY_FILE STATS_FILE PORT [PORT...]"""
import asyncio
import collections
import os
import signal
import socket
import sys

EOF, ABORT = object(), object()


class Stats:
    """Connections, and how late the delayed writes went out: a relay that
    cannot keep up writes late, and then it, not the tool, sets the pace."""
    open = peak = accepted = writes = 0
    late_sum = late_max = 0.0

    @classmethod
    def wrote(cls, late):
        cls.writes += 1
        cls.late_sum += late
        cls.late_max = max(cls.late_max, late)

    @classmethod
    def report(cls, path):
        mean = cls.late_sum / cls.writes if cls.writes else 0.0
        with open(path + ".tmp", "w") as f:
            f.write(f"{cls.peak} {cls.accepted} {cls.writes} {mean * 1000:.3f} {cls.late_max * 1000:.3f}\n")
        os.rename(path + ".tmp", path)
        cls.peak, cls.accepted, cls.writes, cls.late_sum, cls.late_max = cls.open, 0, 0, 0.0, 0.0


class Leg:
    """One transport of a relayed connection, and the delayed writes to it."""

    def __init__(self, loop, delay):
        self.loop, self.delay = loop, delay
        self.transport = None
        self.queue = collections.deque()   # (due, data | EOF | ABORT), dues never decrease
        self.timer = None
        self.last_due = 0.0
        self.got_eof = self.sent_eof = self.closed = False

    def attach(self, transport):
        self.transport = transport
        self.flush()

    def push(self, item, extra=0.0):
        if self.closed:
            return
        if self.delay == 0 and extra == 0 and not self.queue and self.transport:
            self.deliver(item)
            return
        due = max(self.loop.time() + self.delay + extra, self.last_due)
        self.last_due = due
        self.queue.append((due, item))
        if self.timer is None and self.transport:
            self.timer = self.loop.call_at(due, self.flush)

    def flush(self):
        self.timer = None
        now = self.loop.time()
        while self.queue and self.queue[0][0] <= now and not self.closed:
            due, item = self.queue.popleft()
            if self.delay:
                Stats.wrote(now - due)
            self.deliver(item)
        if self.queue and not self.closed:
            self.timer = self.loop.call_at(self.queue[0][0], self.flush)

    def deliver(self, item):
        t = self.transport
        if item is ABORT:
            self.close(abort=True)
        elif item is EOF:
            self.sent_eof = True
            if self.got_eof or not t.can_write_eof():
                self.close()
            else:
                t.write_eof()
        else:
            t.write(item)

    def close(self, abort=False):
        if self.closed:
            return
        self.closed = True
        self.queue.clear()
        if self.timer:
            self.timer.cancel()
            self.timer = None
        if self.transport:
            self.transport.abort() if abort else self.transport.close()


class Side(asyncio.Protocol):
    """Reads from one leg and pushes to the other."""

    def __init__(self, me, other, first_extra=0.0, counted=False):
        self.me, self.other, self.first_extra, self.counted = me, other, first_extra, counted

    def connection_made(self, transport):
        if self.counted:
            Stats.open += 1
            Stats.accepted += 1
            Stats.peak = max(Stats.peak, Stats.open)
        self.me.attach(transport)

    def data_received(self, data):
        extra, self.first_extra = self.first_extra, 0.0
        self.other.push(data, extra)

    def eof_received(self):
        self.me.got_eof = True
        self.other.push(EOF)
        return not self.me.sent_eof   # keep the half-closed socket open until our EOF went out

    def connection_lost(self, exc):
        if self.counted:
            Stats.open -= 1
        if not self.me.closed:
            self.me.closed = True
            self.other.push(ABORT if exc else EOF)

    def pause_writing(self):
        if self.other.transport:
            self.other.transport.pause_reading()

    def resume_writing(self):
        if self.other.transport:
            self.other.transport.resume_reading()


def accepted(loop, upstream, port, delay):
    client, server = Leg(loop, delay), Leg(loop, delay)
    side = Side(client, server, first_extra=2 * delay, counted=True)

    async def connect():
        try:
            await loop.create_connection(lambda: Side(server, client), upstream, port)
        except OSError:
            client.close(abort=True)

    loop.create_task(connect())
    return side


async def main():
    listen, upstream, rtt_ms, ready, stats = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
    ports = [int(p) for p in sys.argv[6:]]
    loop = asyncio.get_running_loop()
    delay = rtt_ms / 2000
    for port in ports:
        await loop.create_server(lambda port=port: accepted(loop, upstream, port, delay),
                                 listen, port, backlog=4096, reuse_address=True)
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    loop.add_signal_handler(signal.SIGUSR1, Stats.report, stats)
    open(ready, "w").close()
    await stop


if __name__ == "__main__":
    asyncio.run(main())
