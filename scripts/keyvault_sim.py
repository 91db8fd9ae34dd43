#!/usr/bin/env python3
"""A loopback stand-in for Azure Key Vault's certificate import, for spconnect's
`export --to azure-keyvault` tests.

It makes a test CA and a server certificate at start (for *.vault.azure.net,
*.vault.usgovcloudapi.net, *.vault.azure.cn and 127.0.0.1), listens on
https://127.0.0.1:<port> (spconnect reaches it with --connect-to), and writes DIR/ca.pem,
then DIR/port. It serves the one call spconnect makes:

  POST /certificates/<name>/import?api-version=2025-07-01

as "Import Certificate - Import Certificate" describes it (Key Vault REST,
https://learn.microsoft.com/rest/api/keyvault/certificates/import-certificate/import-certificate?view=rest-keyvault-certificates-2025-07-01):
the name matches ^[0-9a-zA-Z-]+$; api-version is required; the body's `value` is the
base64 of a PFX (or PEM) holding the private key, `pwd` its password, `policy` a
CertificatePolicy whose key_props (exportable, kty, key_size, reuse_key) and
secret_props.contentType (application/x-pkcs12 for a PFX) describe it. The PFX is opened
with `cryptography` using pwd, and its key must be the certificate's. A 200 answer is a
CertificateBundle (id, kid, sid, x5t, cer, attributes, policy), its id
https://<vault host>/certificates/<name>/<version> ("Object identifiers",
https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates).

Refusals are Key Vault's KeyVaultError ({"error": {"code", "message", "innererror"}}):
400 BadParameter for a bad name, version or body; 401 with a WWW-Authenticate Bearer
challenge (authorization, resource) for a missing or wrong bearer token ("Azure Key Vault
REST API Error Codes", https://learn.microsoft.com/azure/key-vault/general/rest-error-codes).
The fault flags make the others happen: --fault 403 (no certificates/import permission),
--fault 409 (a deleted certificate of that name kept by soft delete, "Azure Key Vault
soft-delete overview", https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview).

Every request is logged as one JSON line in DIR/received.jsonl: the host, name, api-version,
whether the token matched, the policy, and (for accepted bodies) the PFX and its password,
so that tests check the PFX with an independent tool. The process ends by itself after
--lifetime seconds.
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import re
import signal
import ssl
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pki  # noqa: E402

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

API_VERSION = "2025-07-01"
NAME_PATTERN = re.compile(r"^[0-9a-zA-Z-]+$")
SUFFIXES = ("vault.azure.net", "vault.usgovcloudapi.net", "vault.azure.cn")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True, help="where ca.pem, port and received.jsonl go")
    p.add_argument("--token", required=True, help="the bearer token the vault accepts")
    p.add_argument("--tenant", default="11111111-2222-4333-8444-555555555555", help="the tenant the 401 challenge names")
    p.add_argument("--fault", choices=["none", "403", "409"], default="none", help="answer every valid import with this refusal")
    p.add_argument("--lifetime", type=float, default=180, help="seconds before the process ends by itself")
    return p.parse_args()


def write_atomically(path: str, data: bytes):
    test_pki._write(path, data, 0o644)


def make_tls(folder: str):
    """A test CA and a server certificate for every cloud's vault names and 127.0.0.1
    (test_pki's CA and leaf, as graph_sim.py uses them)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, ca = test_pki._ca("spconnect Key Vault test CA", now)
    key, server = test_pki._leaf(ca_key, ca, ["*." + suffix for suffix in SUFFIXES], ["127.0.0.1"],
                                 now - datetime.timedelta(hours=1), now + datetime.timedelta(days=1))
    chain = os.path.join(folder, "server.pem")
    pem = serialization.Encoding.PEM
    test_pki._write(chain, key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
                    + server.public_bytes(pem), 0o600)
    write_atomically(os.path.join(folder, "ca.pem"), ca.public_bytes(pem))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(chain)
    return context


class Vault:
    """What the server knows: the accepted token, the scenario, the versions made so far."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.versions = {}
        self.log_path = os.path.join(args.dir, "received.jsonl")

    def log(self, entry: dict):
        with self.lock, open(self.log_path, "a") as f:
            f.write(json.dumps(entry) + "\n")


def key_vault_error(status: int, code: str, message: str, inner: str = None):
    body = {"error": {"code": code, "message": message}}
    if inner:
        body["error"]["innererror"] = {"code": inner}
    return status, body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "keyvault-sim"
    vault: Vault = None  # set at start

    def log_message(self, *args):
        pass

    def send(self, status: int, body: dict, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-ms-keyvault-service-version", "1.9.0.0")
        self.send_header("x-ms-request-id", str(uuid.uuid4()))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.send(*key_vault_error(405, "MethodNotAllowed", "STUB: only certificate import is served"))

    def do_POST(self):
        vault = self.vault
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        parts = url.path.split("/")
        entry = {"host": host, "path": url.path, "apiVersion": query.get("api-version", [None])[0],
                 "contentType": self.headers.get("Content-Type")}
        status, body, headers = self.handle_import(host, parts, query, raw, entry)
        entry["status"] = status
        vault.log(entry)
        self.send(status, body, headers)

    def handle_import(self, host, parts, query, raw, entry):
        vault, args = self.vault, self.vault.args
        if len(parts) != 4 or parts[1] != "certificates" or parts[3] != "import":
            return (*key_vault_error(404, "NotFound", "STUB: no such operation"), ())
        name = urllib.parse.unquote(parts[2])
        entry["name"] = name
        # Authentication comes first: a request without a valid token learns nothing else
        # (the 401 challenge tells the client where to get one).
        authorization = self.headers.get("Authorization", "")
        entry["tokenMatched"] = authorization == "Bearer " + args.token
        if not entry["tokenMatched"]:
            suffix = next((s for s in SUFFIXES if host.endswith("." + s)), SUFFIXES[0])
            challenge = f'Bearer authorization="https://login.microsoftonline.com/{args.tenant}", resource="https://{suffix}"'
            if not authorization.startswith("Bearer "):
                return (*key_vault_error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."),
                        [("WWW-Authenticate", challenge)])
            return (*key_vault_error(401, "Unauthorized", "AKV10032: Invalid issuer. Expected one of https://sts.windows.net/"
                                     f"{args.tenant}/, found https://sts.windows.net/00000000-0000-0000-0000-000000000000/."),
                    [("WWW-Authenticate", challenge)])
        version = query.get("api-version", [None])[0]
        if not version:
            return (*key_vault_error(400, "BadParameter", "The 'api-version' query parameter is missing."), ())
        if version != API_VERSION:
            return (*key_vault_error(400, "BadParameter", f"The specified version ({version}) is not recognized. Consider using the latest supported version ({API_VERSION})."), ())
        if not NAME_PATTERN.match(name):
            return (*key_vault_error(400, "BadParameter", "The request URI contains an invalid name: " + name), ())
        if not (entry["contentType"] or "").startswith("application/json"):
            return (*key_vault_error(400, "BadParameter", "STUB: the body must be application/json"), ())
        try:
            body = json.loads(raw)
        except ValueError:
            return (*key_vault_error(400, "BadParameter", "The request body is not valid JSON."), ())
        problem, certificate, key = self.check_body(body, entry)
        if problem:
            return (*key_vault_error(400, "BadParameter", problem), ())
        if args.fault == "403":
            return (*key_vault_error(403, "Forbidden",
                                     f"The user, group or application 'appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=00000000-0000-0000-0000-000000000001' "
                                     f"does not have certificates import permission on key vault '{host.split('.')[0]};location=westeurope'. "
                                     "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287",
                                     "AccessDenied"), ())
        if args.fault == "409":
            return (*key_vault_error(409, "Conflict",
                                     f"Certificate {name} is currently in a deleted but recoverable state, and its name cannot be reused; "
                                     "in this state, the certificate can only be recovered or purged.",
                                     "ObjectIsDeletedButRecoverable"), ())
        return 200, self.bundle(host, name, body, certificate), ()

    def check_body(self, body, entry):
        """The body's fields, as the import reference names them; the PFX opened with pwd."""
        if not isinstance(body, dict) or not isinstance(body.get("value"), str) or not body["value"]:
            return "The 'value' of the certificate to import is required.", None, None
        policy = body.get("policy") or {}
        key_props = policy.get("key_props") or {}
        secret_props = policy.get("secret_props") or {}
        entry.update(policy=policy, pwd=body.get("pwd"), value=body["value"])
        content_type = secret_props.get("contentType", "application/x-pkcs12")
        if content_type != "application/x-pkcs12":
            return f"STUB: spconnect sends a PFX, so contentType must be application/x-pkcs12, not {content_type}", None, None
        try:
            data = base64.b64decode(body["value"], validate=True)
        except ValueError:
            return "The certificate 'value' is not valid base64.", None, None
        password = body.get("pwd")
        try:
            key, certificate, _ = pkcs12.load_key_and_certificates(data, password.encode() if password else None)
        except ValueError:
            return "The specified PEM X.509 certificate content is in an unexpected format. Please check if certificate is in valid PEM format.", None, None
        if key is None or certificate is None:
            return "Private key is not specified in the specified X.509 PEM certificate content. Please specify private key in the X.509 PEM certificate.", None, None
        if key.public_key().public_numbers() != certificate.public_key().public_numbers():
            return "The private key does not match the certificate's public key.", None, None
        if not isinstance(key, rsa.RSAPrivateKey):
            return "STUB: spconnect's keys are RSA", None, None
        if key_props.get("kty", "RSA") != "RSA" or key_props.get("key_size", key.key_size) != key.key_size:
            return f"Key properties do not match the key in the certificate (kty {key_props.get('kty')}, key_size {key_props.get('key_size')}).", None, None
        for flag in ("exportable", "reuse_key"):
            if flag in key_props and not isinstance(key_props[flag], bool):
                return f"Property key_props.{flag} has invalid value.", None, None
        entry["opened"] = True
        return None, certificate, key

    def bundle(self, host, name, body, certificate):
        """A CertificateBundle as the import's 200 answer describes it."""
        with self.vault.lock:
            self.vault.versions.setdefault(name, []).append(uuid.uuid4().hex)
            version = self.vault.versions[name][-1]
        der = certificate.public_bytes(serialization.Encoding.DER)
        now = int(time.time())
        base = f"https://{host}"
        policy = body.get("policy") or {}
        attributes = {"enabled": True, "nbf": int(certificate.not_valid_before_utc.timestamp()),
                      "exp": int(certificate.not_valid_after_utc.timestamp()), "created": now, "updated": now,
                      "recoveryLevel": "Recoverable+Purgeable", "recoverableDays": 90}
        return {
            "id": f"{base}/certificates/{name}/{version}",
            "kid": f"{base}/keys/{name}/{version}",
            "sid": f"{base}/secrets/{name}/{version}",
            "x5t": b64url(hashlib.sha1(der).digest()),
            "cer": base64.b64encode(der).decode(),
            "attributes": attributes,
            "policy": {
                "id": f"{base}/certificates/{name}/policy",
                "key_props": {"exportable": True, "kty": "RSA", "key_size": certificate.public_key().key_size, "reuse_key": False,
                              **(policy.get("key_props") or {})},
                "secret_props": {"contentType": "application/x-pkcs12"},
                "x509_props": {"subject": certificate.subject.rfc4514_string(), "ekus": [], "key_usage": [], "validity_months": 12},
                "issuer": {"name": "Unknown"},
                "attributes": {"enabled": True, "created": now, "updated": now},
            },
        }


class TLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, context):
        super().__init__(("127.0.0.1", 0), Handler)
        self.context = context

    def handle_error(self, request, client_address):
        pass  # a client that gives up on TLS (an untrusted CA) is expected

    def get_request(self):
        sock, address = self.socket.accept()
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address


def main():
    args = parse_args()
    # A parent may have spawned this with signals blocked; SIGTERM and SIGINT must stop it.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    os.makedirs(args.dir, exist_ok=True)
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    context = make_tls(args.dir)
    Handler.vault = Vault(args)
    server = TLSServer(context)
    write_atomically(os.path.join(args.dir, "port"), str(server.server_address[1]).encode())
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
