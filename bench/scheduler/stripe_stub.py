#!/usr/bin/env python3
"""A Stripe stand-in for the scheduler benchmark: POST /v1/invoices/{id}/pay answers after LATENCY_MS with a paid
invoice (Stripe's fixture shape); like Stripe it answers 429 when more than RATE requests arrived in the last second.
Every call is logged as "<unix time> <invoice id> <status>" to LOG."""
import json, os, sys, threading, time, collections
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LATENCY, RATE, LOG = int(sys.argv[1]), float(sys.argv[2]) / 1000, int(sys.argv[3]), sys.argv[4]
FIXTURE = json.load(open(sys.argv[5]))["resources"]["invoice"]
lock, recent, log = threading.Lock(), collections.deque(), open(LOG, "a", buffering=1)

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        now = time.time()
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with lock:
            while recent and recent[0] <= now - 1.0:
                recent.popleft()
            recent.append(now)
            limited = len(recent) > RATE
        invoice = self.path.split("/")[3]
        time.sleep(LATENCY)
        status = 429 if limited else 200
        body = json.dumps({"error": {"type": "invalid_request_error", "code": "rate_limit"}} if limited else dict(FIXTURE, id=invoice, status="paid")).encode()
        log.write(f"{now:.6f} {invoice} {status}\n")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
