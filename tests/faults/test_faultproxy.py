"""The fault proxy itself: it forwards, refuses, holds (partition) and restores."""

from __future__ import annotations

import socket
import socketserver
import threading

import pytest

from bokamera.testing.faultproxy import BLACKHOLE, FaultProxy


class Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(1024):
            self.request.sendall(data)


@pytest.fixture
def echo_port():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def roundtrip(port: int, payload: bytes = b"ping", timeout: float = 2.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(payload)
        return sock.recv(1024)


def test_forwards_refuses_holds_and_restores(echo_port):
    with FaultProxy("127.0.0.1", echo_port) as proxy:
        assert roundtrip(proxy.port) == b"ping"

        open_sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=2)
        open_sock.sendall(b"a")
        assert open_sock.recv(16) == b"a"
        proxy.cut()
        with pytest.raises(OSError):  # the open connection was reset
            open_sock.sendall(b"b")
            if not open_sock.recv(16):
                raise ConnectionResetError
        open_sock.close()
        with pytest.raises(OSError):  # new ones are refused
            roundtrip(proxy.port)

        proxy.restore()
        assert roundtrip(proxy.port, b"again") == b"again"

        proxy.cut(BLACKHOLE)
        with pytest.raises(TimeoutError):  # accepted, never answered
            roundtrip(proxy.port, timeout=0.5)
        proxy.restore()
        assert roundtrip(proxy.port, b"back") == b"back"


def test_only_loopback_targets():
    with pytest.raises(ValueError):
        FaultProxy("192.0.2.1", 5432)
