#!/usr/bin/env python3
# Attacks one node with misbehaving connections, bounded in time and count, to measure what good
# clients see meanwhile (benchmarks/README.md, "Refusals under load"). Loopback only.
# usage: flood.py HOST PORT KIND SECONDS MAX_CONNECTIONS
#   KIND oversized: each connection declares a 2 GiB frame (refused before buffering) and is closed
#        garbage:   each connection sends 64 random-looking bytes (a malformed frame)
# Prints how many connections it made and how many the node closed.
import socket, struct, sys, time
host, port, kind, seconds, limit = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
if not host.startswith("127."):
    sys.exit("flood.py attacks loopback addresses only")
payload = struct.pack(">i", 0x7FFFFFFF) if kind == "oversized" else bytes((i * 37) & 0xFF for i in range(64))
made = closed = 0
deadline = time.monotonic() + seconds
while made < limit and time.monotonic() < deadline:
    try:
        with socket.create_connection((host, port), timeout=5) as s:
            made += 1
            s.sendall(payload)
            s.settimeout(5)
            while s.recv(4096):
                pass
            closed += 1
    except OSError:
        pass
print(f"flood kind={kind} connections={made} closed_by_node={closed} seconds={seconds}")
