"""A TCP proxy a test controls: put it between mailbot and a server, then cut the
connections, or let them go silent as in a network partition, while mailbot runs.

    proxy = TcpProxy(postgres.port).start()
    url = f"postgresql+psycopg://mailbot@127.0.0.1:{proxy.port}/db"
    proxy.cut()              # every open connection reset; new ones still accepted
    proxy.cut_every(0.5)     # ... and again every half second, until stop_cutting()
    proxy.partition()        # bytes swallowed both ways, nothing closed
    proxy.heal()             # forward again (the silent connections are closed)
    proxy.stop()

One thread with a selector moves every byte; cut(), partition() and heal() are carried
out by that thread, between two of its reads, so none races a connection half-handled.
Standard library only.
"""
from __future__ import annotations

import queue
import selectors
import socket
import struct
import threading
from typing import Callable

# Bytes read from one side at a time; a side whose peer has bytes not yet written is
# not read (so a slow peer slows its sender, as TCP would).
CHUNK = 65536


class _Link:
    """A client connection and the one the proxy opened to the target for it."""

    def __init__(self, client: socket.socket, upstream: socket.socket | None, silent: bool):
        self.client, self.upstream, self.silent = client, upstream, silent
        self.pending: dict[socket.socket, bytearray] = {client: bytearray()}
        if upstream is not None:
            self.pending[upstream] = bytearray()

    def sockets(self) -> list[socket.socket]:
        return [s for s in (self.client, self.upstream) if s is not None]

    def peer(self, sock: socket.socket) -> socket.socket | None:
        return self.upstream if sock is self.client else self.client


class TcpProxy:
    """Forwards connections made to `port` (a free loopback port) to the target."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.setblocking(False)
        self.port: int = self._listener.getsockname()[1]
        self.cuts = 0                 # connections closed by cut() so far
        self._partitioned = False
        self._links: dict[socket.socket, _Link] = {}     # each socket → its link
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._calls: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._running = False
        self._cutter: threading.Thread | None = None
        self._cutting = threading.Event()

    # ------------------------------------------------------------------ the test's controls
    def start(self) -> "TcpProxy":
        self._selector.register(self._listener, selectors.EVENT_READ, "accept")
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self._running = True
        self._thread = threading.Thread(target=self._loop, name=f"tcp-proxy-{self.port}",
                                        daemon=True)
        self._thread.start()
        return self

    def cut(self) -> int:
        """Reset every open connection, both sides (SO_LINGER 0: an RST, not a FIN);
        returns how many. New connections are still accepted."""
        return self._call(self._cut)

    def partition(self) -> None:
        """From now on nothing is forwarded and nothing closed: open connections and new
        ones alike go silent, their bytes swallowed — packets dropped on a cut network."""
        self._call(self._partition)

    def heal(self) -> None:
        """Forward normally again; the connections left silent by the partition are closed."""
        self._call(self._heal)

    def cut_every(self, seconds: float) -> None:
        """cut() every `seconds`, on a thread of its own, until stop_cutting()."""
        self.stop_cutting()
        self._cutting.clear()

        def cutting() -> None:
            while not self._cutting.wait(seconds):
                try:
                    self.cut()
                except RuntimeError:      # the proxy stopped
                    return
        self._cutter = threading.Thread(target=cutting, name=f"tcp-proxy-cutter-{self.port}",
                                        daemon=True)
        self._cutter.start()

    def stop_cutting(self) -> None:
        self._cutting.set()
        if self._cutter is not None:
            self._cutter.join(timeout=5)
            self._cutter = None

    def stop(self) -> None:
        """Stop cutting, reset every connection and stop listening."""
        self.stop_cutting()
        if self._running:
            self._call(self._shutdown)
            self._thread.join(timeout=5)
        for sock in (self._listener, self._wake_r, self._wake_w):
            sock.close()
        self._selector.close()

    # ------------------------------------------------------------------ the proxy's thread
    def _call(self, fn: Callable[[], object]):
        """Run `fn` on the proxy's thread and return what it returned."""
        if not self._running:
            raise RuntimeError("the proxy is not running")
        done: dict = {}
        ready = threading.Event()
        self._calls.put((fn, done, ready))
        self._wake_w.send(b"x")
        if not ready.wait(10):
            raise RuntimeError("the proxy's thread did not answer")
        if "error" in done:
            raise done["error"]
        return done.get("result")

    def _loop(self) -> None:
        while self._running:
            for key, events in self._selector.select(timeout=1.0):
                if key.data == "accept":
                    self._accept()
                elif key.data == "wake":
                    self._run_calls()
                elif key.fileobj in self._links:
                    self._on_ready(key.fileobj, events)
        self._drop_all(reset=True)

    def _run_calls(self) -> None:
        try:
            while self._wake_r.recv(4096):
                pass
        except BlockingIOError:
            pass
        while True:
            try:
                fn, done, ready = self._calls.get_nowait()
            except queue.Empty:
                return
            try:
                done["result"] = fn()
            except Exception as exc:     # handed back to the caller
                done["error"] = exc
            ready.set()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            upstream = None
            if not self._partitioned:
                try:
                    upstream = socket.create_connection(self.target, timeout=2)
                except OSError:     # the target is down: the client sees the refusal
                    _reset(client)
                    continue
                upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                upstream.setblocking(False)
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            client.setblocking(False)
            link = _Link(client, upstream, silent=self._partitioned)
            for sock in link.sockets():
                self._links[sock] = link
                self._selector.register(sock, selectors.EVENT_READ, link)

    def _on_ready(self, sock: socket.socket, events: int) -> None:
        link = self._links[sock]
        if events & selectors.EVENT_WRITE and not link.silent:
            if not self._flush(link, sock):
                return
        if events & selectors.EVENT_READ:
            try:
                data = sock.recv(CHUNK)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                self._drop(link, reset=True)
                return
            if link.silent:
                if not data:          # the other end gave up: only that side is gone
                    self._forget(sock)
                return
            peer = link.peer(sock)
            if not data:              # one side closed: pass on what is left, then close
                if peer is not None:
                    self._flush(link, peer)
                self._drop(link, reset=False)
                return
            link.pending[peer] += data
            if not self._flush(link, peer):
                return
        self._update(link)

    def _flush(self, link: _Link, sock: socket.socket) -> bool:
        """Write what waits for `sock`; False if the link was dropped meanwhile."""
        buf = link.pending[sock]
        try:
            while buf:
                n = sock.send(buf)
                del buf[:n]
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            self._drop(link, reset=True)
            return False
        self._update(link)
        return True

    def _update(self, link: _Link) -> None:
        """Read a side only while its peer has nothing waiting; write where bytes wait."""
        for sock in link.sockets():
            if sock not in self._links:
                continue
            peer = link.peer(sock)
            mask = 0
            if link.silent or peer is None or not link.pending[peer]:
                mask |= selectors.EVENT_READ
            if not link.silent and link.pending[sock]:
                mask |= selectors.EVENT_WRITE
            self._watch(sock, mask, link)

    def _watch(self, sock: socket.socket, mask: int, link: _Link) -> None:
        try:
            key = self._selector.get_key(sock)
        except KeyError:
            key = None
        if not mask:
            if key is not None:
                self._selector.unregister(sock)
        elif key is None:
            self._selector.register(sock, mask, link)
        elif key.events != mask:
            self._selector.modify(sock, mask, link)

    def _forget(self, sock: socket.socket) -> None:
        self._links.pop(sock, None)
        try:
            self._selector.unregister(sock)
        except (KeyError, ValueError):
            pass
        sock.close()

    def _drop(self, link: _Link, reset: bool) -> None:
        for sock in link.sockets():
            if sock in self._links:
                if reset:
                    _set_linger_zero(sock)
                self._forget(sock)

    def _links_now(self) -> list[_Link]:
        return list({id(link): link for link in self._links.values()}.values())

    def _drop_all(self, reset: bool) -> int:
        links = self._links_now()
        for link in links:
            self._drop(link, reset)
        return len(links)

    def _cut(self) -> int:
        count = self._drop_all(reset=True)
        self.cuts += count
        return count

    def _partition(self) -> None:
        self._partitioned = True
        for link in self._links_now():
            link.silent = True
            for buf in link.pending.values():
                buf.clear()
            self._update(link)

    def _heal(self) -> None:
        self._partitioned = False
        for link in self._links_now():
            if link.silent:
                self._drop(link, reset=True)

    def _shutdown(self) -> None:
        self._running = False


def _set_linger_zero(sock: socket.socket) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass


def _reset(sock: socket.socket) -> None:
    _set_linger_zero(sock)
    sock.close()
