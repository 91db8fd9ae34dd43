#!/usr/bin/python3
"""A scripted SMTP server that misbehaves on purpose, for spconnect's mail tests.

It does what a real server will not: no STARTTLS, 454 to STARTTLS, plaintext
pipelined after "220 Ready to start TLS" (response injection), a dropped connection
in the middle of DATA, silence (a timeout), a refused login, no AUTH after TLS, a chosen
reply at any stage, a first connection left without a greeting (later ones get a
multi-line greeting sent in parts, and record whether the client talked before its end,
said QUIT, or reset the connection), and implicit TLS (SMTPS, port 465's way: a TLS handshake before
any SMTP, so it sends nothing until the client's ClientHello). Every byte received before TLS is appended to
STATE/clear.bin, so a test can assert that no credential and no message left in
clear; bytes received inside TLS go to STATE/tls.bin. One JSON line per connection
goes to STATE/events.jsonl. The port is written to STATE/port when ready.

Usage: /usr/bin/python3 scripts/hostile_smtp.py --state DIR --scenario NAME
         [--stage greeting|ehlo|starttls|auth|mail|rcpt|data|eod --reply "451 4.3.0 Try later"]
Scenarios: normal, no-starttls, starttls-454, inject, drop-in-data, silent-after-data,
           auth-fail, no-auth, implicit-tls, greet-after-silence, reply (with --stage and --reply).
"""
import argparse
import base64
import json
import os
import select
import signal
import socket
import ssl
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pki  # noqa: E402

SCENARIOS = ["normal", "no-starttls", "starttls-454", "inject", "drop-in-data", "silent-after-data",
             "auth-fail", "no-auth", "implicit-tls", "greet-after-silence", "reply"]
STAGES = ["greeting", "ehlo", "starttls", "auth", "mail", "rcpt", "data", "eod"]


class Connection:
    def __init__(self, sock, args, state, context, number):
        self.sock = sock
        self.args = args
        self.state = state
        self.context = context
        self.tls = False
        self.buffer = b""
        self.event = {"connection": number, "tls": False, "auth_in_clear": False, "data_commands": 0,
                      "messages_accepted": 0, "auth_attempts": 0}

    def record(self, data):
        name = "tls.bin" if self.tls else "clear.bin"
        with open(os.path.join(self.state, name), "ab") as f:
            f.write(data)

    def send(self, text):
        self.sock.sendall(text.encode() if isinstance(text, str) else text)

    def reply_for(self, stage, default):
        if self.args.scenario == "reply" and self.args.stage == stage:
            return self.args.reply + "\r\n"
        return default

    def read_line(self):
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.record(chunk)
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.rstrip(b"\r").decode("utf-8", "replace")

    def start_tls(self):
        self.buffer = b""  # anything pipelined in clear is discarded (RFC 3207 4.2)
        self.sock = self.context.wrap_socket(self.sock, server_side=True)
        self.tls = True
        self.event["tls"] = True

    def ehlo_reply(self):
        lines = ["hostile.test greets you", "PIPELINING", "8BITMIME"]
        if not self.tls and self.args.scenario != "no-starttls":
            lines.append("STARTTLS")
        if self.args.scenario != "no-auth" or not self.tls:
            lines.append("AUTH PLAIN LOGIN")  # offered in clear too: a client must not take the bait
        return "".join(f"250{'-' if i < len(lines) - 1 else ' '}{line}\r\n" for i, line in enumerate(lines))

    def auth(self, arguments):
        self.event["auth_attempts"] += 1
        if not self.tls:
            self.event["auth_in_clear"] = True
        parts = arguments.split()
        mechanism = parts[0].upper() if parts else ""
        if mechanism == "LOGIN":
            self.send("334 VXNlcm5hbWU6\r\n")
            self.read_line()
            self.send("334 UGFzc3dvcmQ6\r\n")
            self.read_line()
        elif mechanism == "PLAIN" and len(parts) == 1:
            self.send("334 \r\n")
            self.read_line()
        if self.args.scenario == "auth-fail" or not self.tls:
            return "535 5.7.8 Authentication credentials invalid\r\n"
        return self.reply_for("auth", "235 2.7.0 Authentication successful\r\n")

    def data(self):
        self.event["data_commands"] += 1
        reply = self.reply_for("data", "354 End data with <CR><LF>.<CR><LF>\r\n")
        self.send(reply)
        if not reply.startswith("354"):
            return
        received = 0
        while True:
            line = self.read_line()
            received += len(line) + 2
            if self.args.scenario == "drop-in-data" and received > 300:
                self.sock.shutdown(socket.SHUT_RDWR)
                raise EOFError
            if line == ".":
                break
        if self.args.scenario == "silent-after-data":
            time.sleep(self.args.silence)
            raise EOFError
        final = self.reply_for("eod", "250 2.0.0 Ok: queued as HOSTILE\r\n")
        if final.startswith("2"):
            self.event["messages_accepted"] += 1
        self.send(final)

    def greet_after_silence(self):
        if self.event["connection"] == 1:
            self.event["early_talk"] = self.sock.recv(65536) != b""
            return
        self.event["early_talk"] = False
        for part in ["220-hostile.test ESMTP\r\n", "220-a greeting in parts\r\n"]:
            self.send(part)
            time.sleep(0.2)
            readable, _, _ = select.select([self.sock], [], [], 0)
            self.event["early_talk"] = self.event["early_talk"] or bool(readable)
        self.send("220 hostile.test ready\r\n")
        self.event["quit"] = self.read_line().upper() == "QUIT"
        self.send("221 2.0.0 Bye\r\n")
        try:
            while self.sock.recv(65536):
                pass
            self.event["reset"] = False
        except ConnectionResetError:
            self.event["reset"] = True

    def run(self):
        if self.args.scenario == "greet-after-silence":
            self.greet_after_silence()
            return
        if self.args.scenario == "implicit-tls":
            self.event["client_hello"] = self.sock.recv(1, socket.MSG_PEEK) == b"\x16"
            self.start_tls()
        greeting = self.reply_for("greeting", "220 hostile.test ESMTP ready\r\n")
        self.send(greeting)
        while True:
            line = self.read_line()
            verb, _, arguments = line.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.send(self.reply_for("ehlo", self.ehlo_reply()))
            elif verb == "HELO":
                self.send("250 hostile.test\r\n")
            elif verb == "STARTTLS":
                if self.args.scenario == "starttls-454":
                    self.send("454 4.7.0 TLS not available due to temporary reason\r\n")
                    continue
                reply = self.reply_for("starttls", "220 2.0.0 Ready to start TLS\r\n")
                if self.args.scenario == "inject":
                    reply += "250-hostile.test injected\r\n250 AUTH PLAIN LOGIN\r\n"
                self.send(reply)
                if reply.startswith("220"):
                    self.start_tls()
            elif verb == "AUTH":
                self.send(self.auth(arguments))
            elif verb == "MAIL":
                self.send(self.reply_for("mail", "250 2.1.0 Ok\r\n" if self.tls else "530 5.7.0 Must issue a STARTTLS command first\r\n"))
            elif verb == "RCPT":
                self.send(self.reply_for("rcpt", "250 2.1.5 Ok\r\n" if self.tls else "530 5.7.0 Must issue a STARTTLS command first\r\n"))
            elif verb == "DATA":
                if self.tls:
                    self.data()
                else:
                    self.send("530 5.7.0 Must issue a STARTTLS command first\r\n")
            elif verb == "RSET":
                self.send("250 2.0.0 Ok\r\n")
            elif verb == "QUIT":
                self.send("221 2.0.0 Bye\r\n")
                return
            else:
                self.send("502 5.5.2 Error: command not recognized\r\n")


def serve(listener, args, state, context):
    """One thread per connection, as a real server: the probe a client sends while its own
    session is still open is answered at once. The events are written sorted by connection."""
    lock = threading.Lock()
    finished = []

    def handle(connection):
        try:
            connection.run()
        except (EOFError, OSError, ssl.SSLError):
            pass
        finally:
            try:
                connection.sock.close()
            except OSError:
                pass
            with lock:
                finished.append(connection.event)
                finished.sort(key=lambda event: event["connection"])
                path = os.path.join(state, "events.jsonl")
                with open(path + ".tmp", "w") as f:
                    f.write("".join(json.dumps(event) + "\n" for event in finished))
                os.replace(path + ".tmp", path)

    number = 0
    while True:
        sock, _ = listener.accept()
        number += 1
        threading.Thread(target=handle, args=(Connection(sock, args, state, context, number),), daemon=True).start()


def main():
    # A test runner may start us with SIGTERM blocked (the mask is inherited); unblock it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", required=True)
    parser.add_argument("--scenario", default="normal", choices=SCENARIOS)
    parser.add_argument("--stage", choices=STAGES)
    parser.add_argument("--reply", default="451 4.3.0 Try again later")
    parser.add_argument("--silence", type=float, default=30)
    parser.add_argument("--max-seconds", type=float, default=600)
    args = parser.parse_args()
    if args.scenario == "reply" and not args.stage:
        parser.error("--scenario reply needs --stage")

    state = os.path.abspath(args.state)
    os.makedirs(state, exist_ok=True)
    for name in ("clear.bin", "tls.bin"):
        open(os.path.join(state, name), "wb").close()
    pki = test_pki.make_pki(os.path.join(state, "pki"))
    context = test_pki.server_context(pki, "good")

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    threading.Thread(target=serve, args=(listener, args, state, context), daemon=True).start()
    temp = os.path.join(state, "port.tmp")
    with open(temp, "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.replace(temp, os.path.join(state, "port"))

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    parent = os.getppid()
    deadline = time.monotonic() + args.max_seconds
    while not stopping.is_set() and os.getppid() == parent and time.monotonic() < deadline:
        stopping.wait(0.5)


if __name__ == "__main__":
    main()
