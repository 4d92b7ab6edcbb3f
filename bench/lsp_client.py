"""A minimal LSP client over a child process's stdio: frames JSON-RPC
messages, reads them back on a thread. Used by bench/lsp.py."""

import json
import queue
import subprocess
import threading


class Client:
    def __init__(self, cmd, cwd=None, env=None, settings=None):
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env=env,
        )
        # Answers to `workspace/configuration` (one per item asked).
        self.settings = settings
        self.inbox = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def wait(self, match, timeout=30):
        while True:
            message = self.inbox.get(timeout=timeout)
            if message is None:
                raise EOFError("the server closed its output")
            if "method" in message and "id" in message:
                self._answer(message)
                continue
            if match(message):
                return message

    def _answer(self, request):
        """Requests from the server: configuration gets the settings,
        everything else (registrations, progress) an empty result."""
        result = None
        if request["method"] == "workspace/configuration":
            items = request["params"].get("items", [])
            result = [self.settings for _ in items]
        self.send({"jsonrpc": "2.0", "id": request["id"], "result": result})
