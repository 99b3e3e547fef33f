"""The local servers (preview, editor) serve their writer only.

They listen on this computer's loopback address and answer only requests addressed to
the name and port they listen on: a web page whose own name is made to point at
127.0.0.1 (DNS rebinding) sends its own name as `Host` and is refused, so it can never
read unpublished drafts or reach the editor. `decap-server.js` applies the same names to
its own port, and takes the editor page's origins from `origins()`.
"""

from __future__ import annotations

import errno
import http.server
import socket
import sys
from typing import Any

from hub.messages import say

LOOPBACK = "127.0.0.1"  # where the local servers listen unless asked for ::1
LOOPBACK_V6 = "::1"
NAMES = ("127.0.0.1", "localhost", "[::1]")  # how a browser on this computer names them
BINDS = {"127.0.0.1": LOOPBACK, "localhost": LOOPBACK, "::1": LOOPBACK_V6,
         "[::1]": LOOPBACK_V6}  # the addresses `--bind` accepts, and what each listens on


class CannotListen(Exception):
    """Why a local server cannot listen (French, for the writer): an address off this
    computer, or a port already taken."""


def bind_address(bind: str) -> str:
    """The loopback address to listen on for `--bind`; CannotListen for any other."""
    address = BINDS.get(bind.strip().lower())
    if address is None:
        raise CannotListen(say("loopback-not-local", bind=bind))
    return address


def address_url(bind: str, port: int) -> str:
    """The address a writer opens for a server listening on `bind`:`port`."""
    address = bind_address(bind)
    return f"http://{'[::1]' if address == LOOPBACK_V6 else address}:{port}/"


def hosts(port: int) -> frozenset[str]:
    """The `Host` values a request to this computer's `port` may carry."""
    named = {f"{name}:{port}" for name in NAMES}
    return frozenset(named | set(NAMES) if port == 80 else named)


def origins(port: int) -> tuple[str, ...]:
    """The origins of pages served on this computer's `port` (the editor's own page)."""
    return tuple(f"http://{name}:{port}" for name in NAMES)


def refuse_line(host: str, port: int) -> str:
    """The one line the terminal shows for a request addressed to another name."""
    shown = host.encode("ascii", "backslashreplace").decode()[:80] or "(aucun nom)"
    return say("loopback-refused", host=shown, port=port)


class HostChecked(http.server.BaseHTTPRequestHandler):
    """A request handler that answers only requests addressed to its own port on this
    computer; any other gets 403 and one French line in the terminal."""

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        address = self.server.server_address
        port = int(address[1]) if isinstance(address, tuple) else 0
        host = (self.headers.get("Host") or "").strip()
        if host.lower() in hosts(port):
            return True
        print(refuse_line(host, port), file=sys.stderr, flush=True)
        self.close_connection = True
        body = (say("loopback-refused-page") + "\n").encode()
        self.send_response(403)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return False


def server_class(address: str) -> type[http.server.ThreadingHTTPServer]:
    """The threading HTTP server for a loopback `address` (IPv6 for ::1)."""
    if address != LOOPBACK_V6:
        return http.server.ThreadingHTTPServer
    return type("ThreadingHTTPServerV6", (http.server.ThreadingHTTPServer,),
                {"address_family": socket.AF_INET6})


def listen(bind: str, port: int, handler: Any) -> http.server.ThreadingHTTPServer:
    """A server on this computer's `bind`:`port` (never another interface)."""
    address = bind_address(bind)
    try:
        return server_class(address)((address, port), handler)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise CannotListen(say("loopback-port-taken", port=port)) from None
