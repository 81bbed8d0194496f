"""A local HTTP server that records JSON posts and answers as told (for channel tests).

It records a post as soon as it has read it, then holds the answer `delay` seconds (as `delay`
was when the post came: see `hold`): a gateway that has accepted a message before its caller
hears so. `in_flight` counts the posts it holds.
`delivered()` is what a gateway that drops repeats of an Idempotency-Key passes on.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeServer:
    def __init__(self, answer=None, status=200, delay=0.0):
        self.received: list[dict] = []
        self.answer = answer if answer is not None else {}
        self.status = status
        self.delay = delay
        self.in_flight = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                with server._lock:
                    server.received.append(
                        {
                            "body": json.loads(self.rfile.read(length)),
                            "auth": self.headers.get("Authorization"),
                            "key": self.headers.get("Idempotency-Key"),
                        }
                    )
                    server.in_flight += 1
                    delay = server.delay
                try:
                    time.sleep(delay)
                    payload = json.dumps(server.answer).encode()
                    self.send_response(server.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except ConnectionError:
                    pass  # the caller went away (a worker killed mid-call): the post still counts
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def hold(self, seconds: float) -> int:
        """Answer the posts from now on after `seconds`; returns how many came before."""
        with self._lock:
            self.delay = seconds
            return len(self.received)

    def delivered(self) -> list[dict]:
        """The posts a deduplicating gateway passes on: the first of each Idempotency-Key (every
        post without one)."""
        seen: set[str] = set()
        passed = []
        for post in list(self.received):
            if post["key"] is None or post["key"] not in seen:
                passed.append(post)
            seen.add(post["key"])
        return passed

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
