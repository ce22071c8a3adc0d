"""A minimal LSP client for the tests: framing, requests, notifications."""
import json
import os
import select
import subprocess
import time


class Client:
    def __init__(self, polc, cwd=None):
        self.proc = subprocess.Popen([polc, "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, cwd=cwd)
        self.next_id = 0
        self.buf = b""
        self.notes = []

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read(self, timeout=10):
        """The next message, or None after `timeout` seconds."""
        deadline = time.time() + timeout
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                length = int(head.split(b":")[1])
                if len(rest) >= length:
                    self.buf = rest[length:]
                    return json.loads(rest[:length])
            left = deadline - time.time()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                return None
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buf += chunk

    def request(self, method, params, raw_id=None):
        self.next_id += 1
        rid = self.next_id if raw_id is None else raw_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.reply(rid)

    def reply(self, rid):
        while True:
            msg = self.read()
            assert msg is not None, "no reply"
            if "method" in msg:
                self.notes.append(msg)
            elif msg.get("id") == rid:
                return msg

    def diagnostics(self, uri, timeout=10):
        """The next publishDiagnostics for uri (queued ones first)."""
        for i, note in enumerate(self.notes):
            if note["method"] == "textDocument/publishDiagnostics" and note["params"]["uri"] == uri:
                return self.notes.pop(i)["params"]["diagnostics"]
        while True:
            msg = self.read(timeout)
            assert msg is not None, "no diagnostics"
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                return msg["params"]["diagnostics"]
            self.notes.append(msg)

    def initialize(self):
        r = self.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        self.notify("initialized", {})
        return r
