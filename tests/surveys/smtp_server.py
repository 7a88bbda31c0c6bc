"""A tiny real SMTP server on 127.0.0.1 for tests: it speaks the protocol and keeps messages."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 test ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith("EHLO"):
                self.reply("250 test")
            elif command.startswith("MAIL") and self.server.refuse_after == 0:
                self.reply("550 refused for the test")
            elif command.startswith("RCPT") and command[8:].strip("<> ") in self.server.refuse_to:
                self.reply("550 no such mailbox")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP", "HELO")):
                self.reply("250 ok")
            elif command == "DATA":
                self.reply("354 go on")
                self.server.received.append(self._data())
                self.server.refuse_after -= 1
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def _data(self) -> EmailMessage:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return message_from_bytes(b"".join(lines), policy=policy.default)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, refuse_after: int, refuse_to: frozenset[str]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[EmailMessage] = []
        self.refuse_after = refuse_after
        self.refuse_to = {address.upper() for address in refuse_to}


@contextmanager
def smtp_server(
    refuse_after: int = -1, refuse_to: frozenset[str] = frozenset()
) -> Iterator[_Server]:
    """Serve until the block ends; refuses every message after ``refuse_after`` accepted, and
    the recipients ``refuse_to`` (as a server refuses an unknown mailbox)."""
    server = _Server(refuse_after, refuse_to)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
