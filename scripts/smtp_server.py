#!/usr/bin/python3
"""A real SMTP submission server on loopback for spconnect's mail tests (aiosmtpd).

STARTTLS is required before anything else, AUTH PLAIN and LOGIN are offered only
after TLS, TLS 1.3 sends session tickets (two by default). With --implicit-tls the port
speaks TLS from the first byte (SMTPS, port 465's way, RFC 8314 §3.3) and offers no
STARTTLS. With SMTP_TEST_TOKEN set, AUTH XOAUTH2 and OAUTHBEARER are offered too and
accept that bearer token for --user only (the formats: Google's and Microsoft's XOAUTH2
pages, RFC 7628 for OAUTHBEARER); a wrong token gets the error challenge each defines,
then 535 5.7.8. --mechanisms limits what AUTH offers (e.g. XOAUTH2 alone). Each accepted message is
saved as STATE/messages/NNNNN.eml with NNNNN.json beside it (mail from, rcpt tos,
auth user, SNI, TLS version); each connection adds a line to STATE/connections.log. The port is written to STATE/port when ready; the
test CA is STATE/pki/ca.pem.

Usage: /usr/bin/python3 scripts/smtp_server.py --state DIR [--cert good|expired|wronghost|untrusted]
         [--tls-max 1.2|1.3] [--tickets N] [--reject ADDRESS]... [--user NAME] [--implicit-tls]
         [--mechanisms PLAIN,LOGIN,XOAUTH2,OAUTHBEARER]
The password for --user comes from the SMTP_TEST_PASSWORD environment variable, the bearer
token from SMTP_TEST_TOKEN.
The server stops on SIGTERM, when its parent process goes away, or after --max-seconds.
"""
import argparse
import asyncio
import base64
import binascii
import json
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword  # noqa: E402

import test_pki  # noqa: E402


def write_atomically(path, data):
    temp = path + ".tmp"
    with open(temp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, path)


class Handler:
    def __init__(self, folder, reject, sni_log):
        self.folder = folder
        self.reject = {address.lower() for address in reject}
        self.sni_log = sni_log
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, f"{self.count:05d}")
        ssl_object = server.transport.get_extra_info("ssl_object") if server.transport else None
        info = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "auth_user": session.auth_data if isinstance(session.auth_data, str) else None,
            "sni": self.sni_log[-1] if self.sni_log else None,
            "tls_version": ssl_object.version() if ssl_object else None,
            "cipher": ssl_object.cipher()[0] if ssl_object else None,
        }
        write_atomically(base + ".eml", envelope.original_content)
        write_atomically(base + ".json", json.dumps(info, indent=1).encode())
        return f"250 2.0.0 Ok: queued as SPC{self.count:05d}"


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        if mechanism not in ("PLAIN", "LOGIN") or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        if user is not None and auth_data.login == user.encode() and auth_data.password == password.encode():
            return AuthResult(success=True, auth_data=user)
        return AuthResult(success=False, handled=False)
    return authenticate


def xoauth2_credentials(blob):
    """(user, token) of an XOAUTH2 initial response: "user=" U ^A "auth=Bearer " T ^A ^A
    (https://developers.google.com/workspace/gmail/imap/xoauth2-protocol,
    https://learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth)."""
    if not blob.endswith(b"\x01\x01"):
        return None
    fields = blob[:-2].split(b"\x01")
    if len(fields) != 2 or not fields[0].startswith(b"user=") or not fields[1].startswith(b"auth=Bearer "):
        return None
    return fields[0][len(b"user="):], fields[1][len(b"auth=Bearer "):]


def oauthbearer_credentials(blob):
    """(user, token) of an OAUTHBEARER initial client response (RFC 7628 §3.1):
    a GS2 header "n,a=USER," then ^A-separated key=value pairs, auth=Bearer TOKEN among
    them, and ^A^A at the end."""
    if not blob.endswith(b"\x01\x01"):
        return None
    parts = blob[:-2].split(b"\x01")
    header = parts[0].split(b",")
    if len(header) < 2 or header[0] not in (b"n", b"y") and not header[0].startswith(b"p="):
        return None
    user = next((item[2:] for item in header[1:] if item.startswith(b"a=")), None)
    token = next((part[len(b"auth=Bearer "):] for part in parts[1:] if part.startswith(b"auth=Bearer ")), None)
    if user is None or token is None:
        return None
    return user, token


def bearer_mechanisms(user, token, log_path):
    """auth_XOAUTH2 and auth_OAUTHBEARER methods for an aiosmtpd SMTP subclass."""

    def note(line):
        with open(log_path, "a") as f:
            f.write(line + "\n")

    async def run(server, args, mechanism, parse, error_challenge):
        if len(args) == 2:
            raw = args[1].encode()
        else:
            await server.push("334 ")
            raw = (await server._reader.readline()).strip()
        try:
            blob = base64.b64decode(raw, validate=True)
        except binascii.Error:
            await server.push("501 5.5.2 Can't decode base64")
            return AuthResult(success=False, handled=True)
        credentials = parse(blob)
        if credentials is not None and user is not None and token and credentials == (user.encode(), token.encode()):
            note(f"{mechanism} ok")
            return AuthResult(success=True, auth_data=user)
        note(f"{mechanism} refused")
        # The error challenge, answered by the client with an empty line (XOAUTH2) or ^A
        # (OAUTHBEARER, RFC 7628 §3.2.3), then the failure.
        await server.push("334 " + base64.b64encode(error_challenge).decode())
        await server._reader.readline()
        return AuthResult(success=False, handled=False, message="535 5.7.8 Username and Password not accepted")

    async def auth_XOAUTH2(self, _, args):
        return await run(self, args, "XOAUTH2", xoauth2_credentials,
                         b'{"status":"401","schemes":"Bearer","scope":"https://mail.google.com/"}')

    async def auth_OAUTHBEARER(self, _, args):
        return await run(self, args, "OAUTHBEARER", oauthbearer_credentials,
                         b'{"status":"invalid_token","scope":"https://outlook.office.com/SMTP.Send"}')

    return auth_XOAUTH2, auth_OAUTHBEARER


async def main():
    # A test runner may start us with SIGTERM blocked (the mask is inherited); unblock it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", required=True)
    parser.add_argument("--cert", default="good", choices=test_pki.VARIANTS)
    parser.add_argument("--tls-max", default="1.3", choices=["1.2", "1.3"])
    parser.add_argument("--tickets", type=int, default=2)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--user")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--mechanisms", help="comma-separated AUTH mechanisms to offer")
    parser.add_argument("--max-seconds", type=float, default=1800)
    args = parser.parse_args()

    state = os.path.abspath(args.state)
    messages = os.path.join(state, "messages")
    os.makedirs(messages, exist_ok=True)
    pki = test_pki.make_pki(os.path.join(state, "pki"))
    sni_log = []
    context = test_pki.server_context(pki, args.cert, args.tls_max, args.tickets, sni_log)
    password = os.environ.get("SMTP_TEST_PASSWORD", "")
    token = os.environ.get("SMTP_TEST_TOKEN", "")
    handler = Handler(messages, args.reject, sni_log)
    loop = asyncio.get_running_loop()

    class CountingSMTP(SMTP):
        # One instance per TCP connection; aiosmtpd calls connection_made again after STARTTLS.
        counted = False
        if token:
            auth_XOAUTH2, auth_OAUTHBEARER = bearer_mechanisms(args.user, token, os.path.join(state, "auth.log"))

        def connection_made(self, transport):
            if not self.counted:
                self.counted = True
                with open(os.path.join(state, "connections.log"), "a") as f:
                    f.write("connection\n")
            super().connection_made(transport)

    offered = {"PLAIN", "LOGIN"} | ({"XOAUTH2", "OAUTHBEARER"} if token else set())
    wanted = set(args.mechanisms.split(",")) if args.mechanisms else offered

    def factory():
        # With implicit TLS the whole connection is TLS: no STARTTLS, and AUTH at once.
        return CountingSMTP(
            handler,
            hostname="localhost",
            ident="spconnect test SMTP",
            tls_context=None if args.implicit_tls else context,
            require_starttls=not args.implicit_tls,
            auth_required=args.user is not None,
            auth_require_tls=not args.implicit_tls,
            authenticator=make_authenticator(args.user, password),
            auth_exclude_mechanism=sorted(offered - wanted),
            loop=loop,
        )

    server = await loop.create_server(factory, "127.0.0.1", 0, ssl=context if args.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    write_atomically(os.path.join(state, "port"), str(port).encode())

    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    parent = os.getppid()
    deadline = loop.time() + args.max_seconds
    while not stop.is_set() and os.getppid() == parent and loop.time() < deadline:
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except asyncio.TimeoutError:
            pass
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
