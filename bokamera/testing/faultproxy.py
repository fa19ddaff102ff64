"""A loopback TCP proxy that can cut the link to a backing service and restore it.

    with FaultProxy("127.0.0.1", 5432) as proxy:   # listens on 127.0.0.1:<proxy.port>
        ...                                          # point the client at proxy.port
        proxy.cut()            # "refuse": resets every open connection and refuses new ones
        proxy.cut("blackhole") # accepts and keeps connections but forwards nothing (a partition)
        proxy.restore()

Only loopback addresses are accepted as targets: the proxy is for tests on this machine.
"""

from __future__ import annotations

import contextlib
import ipaddress
import select
import socket
import struct
import threading
import time

REFUSE = "refuse"
BLACKHOLE = "blackhole"
_CHUNK = 65536


def _reset(sock: socket.socket) -> None:
    """Closes with an RST (linger 0), as a crashed peer or a dropped route looks to the client."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class FaultProxy:
    def __init__(self, target_host: str, target_port: int, *, port: int = 0) -> None:
        if not ipaddress.ip_address(socket.gethostbyname(target_host)).is_loopback:
            raise ValueError("FaultProxy forwards to loopback addresses only")
        self.target = (target_host, target_port)
        self.port = port
        self.mode: str | None = None  # None = healthy, else REFUSE or BLACKHOLE
        self.accepted = 0
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket | None]] = []
        self._listener: socket.socket | None = None
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FaultProxy:
        self._listen()
        self._thread = threading.Thread(target=self._accept_loop, name="FaultProxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._close_listener()
        self._drop_all()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._pairs)

    # -- faults ------------------------------------------------------------------------------
    def cut(self, mode: str = REFUSE) -> None:
        if mode not in (REFUSE, BLACKHOLE):
            raise ValueError(mode)
        self.mode = mode
        if mode == REFUSE:
            self._close_listener()
            self._drop_all()

    def restore(self) -> None:
        was = self.mode
        self.mode = None
        if was == BLACKHOLE:
            # Connections held during the partition are dead to their clients by now: reset them.
            self._drop_all()
        if self._listener is None:
            self._listen()

    # -- internals ---------------------------------------------------------------------------
    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        deadline = time.monotonic() + 5
        while True:
            try:
                listener.bind(("127.0.0.1", self.port))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        listener.listen(128)
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self._listener = listener

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.close()

    def _drop_all(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, upstream in pairs:
            _reset(client)
            if upstream is not None:
                _reset(upstream)

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            listener = self._listener
            if listener is None:
                time.sleep(0.02)
                continue
            try:
                client, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted += 1
            if self.mode == BLACKHOLE:
                with self._lock:
                    self._pairs.append((client, None))  # held open, never answered
                continue
            if self.mode == REFUSE:
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                self._pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        try:
            while not self._stopped.is_set():
                if self.mode == BLACKHOLE:
                    time.sleep(0.05)  # hold the bytes: nothing crosses the partition
                    continue
                try:
                    readable, _, _ = select.select(list(peers), [], [], 0.1)
                except (OSError, ValueError):
                    return
                for sock in readable:
                    if self.mode == BLACKHOLE:
                        break
                    data = sock.recv(_CHUNK)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except OSError:
            return
        finally:
            with self._lock:
                if (client, upstream) in self._pairs:
                    self._pairs.remove((client, upstream))
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.close()
