"""A stand-in SMS gateway: a real small HTTP server in a thread, as the hall's worker meets it.

It answers 503 to its first `fail_first` requests (and to every request while `down`), 200
after; it checks each request's X-Hall-Signature against the secret and counts what it
delivered per message id, so a test can tell lost from duplicated.
"""
import hashlib
import hmac
import json
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from hall.notify.channels import SIGNATURE_HEADER


class StandInGateway:
    def __init__(self, secret: str = "", fail_first: int = 0, delay: float = 0.0):
        self.secret, self.fail_first, self.delay = secret, fail_first, delay
        self.down = False
        self.requests = 0
        self.delivered: Counter = Counter()     # message id -> times answered 200
        self.bodies: list[dict] = []            # the delivered bodies, in order
        self.delivered_at: list[float] = []     # time.monotonic() of each delivery
        self.bad_signatures = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/sms/send"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def failing_answer(self) -> bool:
        """Count the request; True when it is to be refused."""
        with self._lock:
            self.requests += 1
            return self.down or self.requests <= self.fail_first

    def accept(self, body: bytes, signature: str | None) -> int:
        if self.secret:
            expected = hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, signature or ""):
                with self._lock:
                    self.bad_signatures += 1
                return 401
        if self.failing_answer():
            return 503
        message = json.loads(body)
        with self._lock:
            self.delivered[message["id"]] += 1
            self.bodies.append(message)
            self.delivered_at.append(time.monotonic())
        return 200

    def duplicates(self) -> dict:
        return {key: n for key, n in self.delivered.items() if n > 1}

    def _handler(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"   # keep-alive, as a real gateway offers

            def setup(self):
                super().setup()
                # The answer's headers and body are two writes: without this, Nagle's
                # algorithm and the client's delayed ACK hold each answer for 40 ms.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if gateway.delay:
                    time.sleep(gateway.delay)
                status = gateway.accept(body, self.headers.get(SIGNATURE_HEADER))
                answer = json.dumps({"ok": status == 200}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        return Handler
