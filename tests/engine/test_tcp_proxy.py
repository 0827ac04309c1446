"""The TCP proxy the outage tests put between mailbot and a server (tests/tcp_proxy.py),
against a tiny echo server: it forwards, cuts, goes silent and heals as it says."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from tests.tcp_proxy import TcpProxy


@pytest.fixture
def echo_port():
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stopping = threading.Event()

    def echo(conn: socket.socket) -> None:
        with conn:
            try:
                while data := conn.recv(65536):
                    conn.sendall(data)
            except OSError:
                pass

    def serve() -> None:
        while not stopping.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=echo, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stopping.set()
    thread.join()
    server.close()


@pytest.fixture
def proxy(echo_port):
    proxy = TcpProxy(echo_port).start()
    yield proxy
    proxy.stop()


def connect(proxy: TcpProxy) -> socket.socket:
    return socket.create_connection(("127.0.0.1", proxy.port), timeout=2)


def echoed(sock: socket.socket, data: bytes) -> bytes:
    sock.sendall(data)
    got = b""
    while len(got) < len(data):
        chunk = sock.recv(65536)
        if not chunk:
            break
        got += chunk
    return got


def closed(sock: socket.socket, within: float = 2.0) -> bool:
    """The connection was closed or reset (rather than left open and silent)."""
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def silent(sock: socket.socket, wait: float = 0.3) -> bool:
    """Bytes sent get no answer, and the connection stays open."""
    sock.sendall(b"anyone there?")
    sock.settimeout(wait)
    try:
        sock.recv(1)
    except TimeoutError:
        return True
    except OSError:
        return False
    return False


def test_bytes_go_both_ways_and_a_megabyte_comes_back_whole(proxy):
    with connect(proxy) as a, connect(proxy) as b:
        assert echoed(a, b"hello") == b"hello"
        payload = bytes(range(256)) * 4096
        assert echoed(b, payload) == payload
        assert echoed(a, b"still here") == b"still here"


def test_a_cut_resets_every_open_connection_and_new_ones_still_work(proxy):
    first, second = connect(proxy), connect(proxy)
    assert echoed(first, b"x") == b"x" and echoed(second, b"y") == b"y"
    assert proxy.cut() == 2
    assert closed(first) and closed(second)
    with pytest.raises(OSError):      # reset, not a polite close: a write fails too
        for _ in range(10):
            first.sendall(b"more")
            time.sleep(0.02)
    with connect(proxy) as third:
        assert echoed(third, b"after the cut") == b"after the cut"
    assert proxy.cuts == 2
    first.close()
    second.close()


def test_a_partition_swallows_bytes_closes_nothing_and_heal_closes_the_silent_ones(proxy):
    before = connect(proxy)
    assert echoed(before, b"x") == b"x"
    proxy.partition()
    during = connect(proxy)           # accepted, but nothing comes back
    assert silent(before) and silent(during)
    proxy.heal()
    assert closed(before) and closed(during)
    with connect(proxy) as after:
        assert echoed(after, b"healed") == b"healed"
    before.close()
    during.close()


def test_cut_every_keeps_cutting_until_told_to_stop(proxy):
    proxy.cut_every(0.1)
    sock = connect(proxy)
    assert closed(sock, within=1.0)
    sock.close()
    proxy.stop_cutting()
    cuts = proxy.cuts
    with connect(proxy) as calm:
        time.sleep(0.35)
        assert echoed(calm, b"left alone") == b"left alone"
    assert proxy.cuts == cuts
