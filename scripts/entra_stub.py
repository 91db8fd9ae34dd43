#!/usr/bin/env python3
"""A loopback stand-in for Microsoft Entra ID's token endpoint and SharePoint Online, for
spconnect's `verify` tests.

It makes a test CA and a server certificate (IP 127.0.0.1 only) at start, listens on
https://127.0.0.1:<port>, and writes DIR/ca.pem, then DIR/port. One port serves both:

  POST /<tenant>/oauth2/v2.0/token   the client-credentials grant with a client assertion
  GET  /<tenant>/v2.0/.well-known/openid-configuration
                                     the tenant's OpenID metadata, which MSAL (and so
                                     azure-identity) reads before its first token request
  GET  /sites/<name>/_api/web        SharePoint's web, with the bearer token it issued

Tokens are issued for the resources a tenant has: its SharePoint (https://127.0.0.1:<port>
here), Microsoft Graph (the hosts of every cloud) and those given with --resource.

A second port (DIR/graph_port, written before DIR/port) stands in for Microsoft Graph, the
resource https://127.0.0.1:<graph port> (tokens for it come from the token endpoint above):

  POST /v1.0/applications/<object id>/addKey     add a certificate, with a proof of possession
  POST /v1.0/applications/<object id>/removeKey  remove one by keyId, likewise

The app's keyCredentials start with the exported certificate (keyId as the request's scripts
set it) or --keys (a graph.json of an earlier run); every change is written to DIR/graph.json,
and each Graph call is logged as one JSON line in DIR/graph.log. --graph-fault makes each
failure renewal must survive happen.

The assertion is checked with joserfc and cryptography, not with spconnect's code: the
signature by the registered certificate (PS256 with a 32-byte salt, or RS256), x5t#S256 or
x5t against that certificate, aud, iss, sub, exp, nbf, iat, an exp at most 10 minutes
after iat, and a jti never seen before. Refusals are Entra's own error JSON, AADSTS code
and all. What is registered comes from spconnect's `export --format json` (tenant,
client ID, certificate); the flags below change it to make each failure happen.

Each token request is logged as one JSON line in DIR/requests.log, with the access token
issued (a test token of this stub's own key, so the tests can compare what was printed). The process ends by
itself after --lifetime seconds.
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey
from joserfc.jwt import JWTClaimsRegistry

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True, help="where ca.pem, port and requests.log go")
    p.add_argument("--app", help="spconnect export --format json: the registered tenant, client ID and certificate")
    p.add_argument("--tenant", help="register this tenant instead of the app's (AADSTS90002 for the app's)")
    p.add_argument("--client-id", help="register this client ID instead (AADSTS700016)")
    p.add_argument("--register-other-certificate", action="store_true", help="register a different certificate (AADSTS700027)")
    p.add_argument("--sha1-only", action="store_true", help="the registration matches x5t (SHA-1) only: PS256/x5t#S256 gets AADSTS700027")
    p.add_argument("--credential", choices=["valid", "expired", "invalid"], default="valid", help="expired: AADSTS7000222, invalid: AADSTS7000215")
    p.add_argument("--consent", choices=["granted", "missing"], default="granted", help="missing: AADSTS65001")
    p.add_argument("--clock-skew", type=int, default=0, help="seconds this server's clock is ahead (AADSTS700024 past 5 minutes)")
    p.add_argument("--realm-host", help="expect this host in the assertion's aud instead of 127.0.0.1:<port> (AADSTS50012)")
    p.add_argument("--token-body", choices=["json", "malformed", "html", "leaky"], default="json",
                   help="what a successful token answer looks like (leaky: a broken JSON whose start is a token's text)")
    # Hostile answers. A site's title is set by any site owner (SharePoint's "Change your site
    # title" page accepts any text), so escape sequences in it are what a real peer can send.
    # A 10 MB error body is not something SharePoint sends; a proxy or a broken server can.
    p.add_argument("--hostile-title", action="append", default=[],
                   help="NAME: /sites/NAME's title carries terminal escape sequences, CRLF and bidi controls")
    p.add_argument("--huge-error", action="append", default=[],
                   help="NAME: /sites/NAME answers 500 with a text body full of escape sequences (--error-bytes long)")
    p.add_argument("--error-bytes", type=int, default=10 * 1024 * 1024, help="the size of --huge-error's body (default 10 MB)")
    p.add_argument("--resource", action="append", default=[],
                   help="another resource URI the tenant has (beside its SharePoint and Microsoft Graph)")
    p.add_argument("--roles", default="Sites.Selected", help="comma-separated roles in issued tokens (empty: none)")
    p.add_argument("--deny-site", action="append", default=[], help="SharePoint answers 403 for /sites/NAME")
    p.add_argument("--title", action="append", default=[], help="NAME=Title for /sites/NAME")
    p.add_argument("--hang", action="store_true", help="accept TCP connections and never answer")
    p.add_argument("--object-id", help="the application's Object ID (default: the export's objectID, else a random one)")
    p.add_argument("--keys", help="a graph.json of an earlier run: the app's keyCredentials to start with")
    p.add_argument("--graph-fault", action="append", default=[],
                   choices=["token", "addkey-400", "addkey-403", "addkey-drop", "new-cert-fails", "removekey-refused"],
                   help="token: Graph tokens refused (AADSTS53003); addkey-400 / addkey-403: addKey refused; "
                        "addkey-drop: the first addKey is done, then the connection is closed unanswered; "
                        "new-cert-fails: certificates added by addKey get no SharePoint token; removekey-refused: removeKey 403")
    p.add_argument("--lifetime", type=float, default=300, help="seconds before the server stops by itself")
    return p.parse_args()


def write_atomically(path: str, data: bytes):
    temp = path + ".tmp"
    with open(temp, "wb") as f:
        f.write(data)
    os.replace(temp, path)


def make_tls(folder: str):
    """A test CA and a server certificate for IP 127.0.0.1 (no DNS name)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "spconnect test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    import ipaddress
    server = (x509.CertificateBuilder()
              .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
              .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
              .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
              .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
              .sign(ca_key, hashes.SHA256()))
    chain = os.path.join(folder, "server.pem")
    with open(chain, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        f.write(server.public_bytes(serialization.Encoding.PEM))
    write_atomically(os.path.join(folder, "ca.pem"), ca.public_bytes(serialization.Encoding.PEM))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(chain)
    return context


def other_certificate():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "someone else")])
    now = datetime.datetime.now(datetime.timezone.utc)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))


def script_key_id(certificate) -> str:
    """The keyId spconnect's request scripts give a certificate: its SHA-256's first 16 bytes
    as an RFC 9562 version 8 UUID (so the first certificate's keyId is known to the app)."""
    raw = bytearray(hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).digest()[:16])
    raw[6] = raw[6] & 0x0F | 0x80
    raw[8] = raw[8] & 0x3F | 0x80
    return str(uuid.UUID(bytes=bytes(raw)))


def key_credential(certificate, key_id: str, added: bool) -> dict:
    """A keyCredential as Graph stores a certificate: customKeyIdentifier defaults to the SHA-1
    thumbprint, the dates come from the certificate
    (https://learn.microsoft.com/graph/api/resources/keycredential)."""
    der = certificate.public_bytes(serialization.Encoding.DER)
    return {"customKeyIdentifier": hashlib.sha1(der).hexdigest().upper(),
            "displayName": certificate.subject.rfc4514_string(),
            "endDateTime": certificate.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "startDateTime": certificate.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "key": base64.b64encode(der).decode(), "keyId": key_id, "type": "AsymmetricX509Cert", "usage": "Verify",
            "addedByAddKey": added}


class Stub:
    """What the server knows: the registration, the scenario, its token-signing key."""

    def __init__(self, args):
        self.args = args
        app = {}
        if args.app:
            with open(args.app) as f:
                app = json.load(f)
        self.tenant = args.tenant or app.get("tenantID", "")
        self.client_id = args.client_id or app.get("clientID", "")
        self.app_name = app.get("appName", "app")
        if args.register_other_certificate or "certificate" not in app:
            self.certificate = other_certificate()
        else:
            self.certificate = x509.load_der_x509_certificate(base64.b64decode(app["certificate"]))
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        self.x5t = b64url(hashlib.sha1(der).digest())
        self.x5t_s256 = b64url(hashlib.sha256(der).digest())
        self.public_key = RSAKey.import_key(self.certificate.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
        self.issuer_key = RSAKey.generate_key(2048, private=True)
        self.roles = [r for r in args.roles.split(",") if r]
        self.titles = dict(t.split("=", 1) for t in args.title)
        self.extra_resources = [r.rstrip("/") for r in args.resource]
        self.seen_jti = set()
        self.lock = threading.Lock()
        self.host = ""  # 127.0.0.1:<port>, set once listening
        self.graph_host = ""  # 127.0.0.1:<graph port>
        self.log_path = os.path.join(args.dir, "requests.log")
        self.object_id = args.object_id or app.get("objectID") or str(uuid.uuid4())
        self.dropped_add = False
        # The app's keyCredentials, as Graph keeps them (https://learn.microsoft.com/graph/api/resources/keycredential).
        if args.keys:
            with open(args.keys) as f:
                self.keys = json.load(f)["keyCredentials"]
        else:
            self.keys = [key_credential(self.certificate, script_key_id(self.certificate), added=False)]
        self.save_keys()

    def certificates(self):
        """(certificate, keyCredential) for every registered key."""
        return [(x509.load_der_x509_certificate(base64.b64decode(k["key"])), k) for k in self.keys]

    def save_keys(self):
        write_atomically(os.path.join(self.args.dir, "graph.json"), json.dumps(
            {"id": self.object_id, "appId": self.client_id, "keyCredentials": self.keys}, indent=1).encode())

    def graph_log(self, entry: dict):
        with self.lock, open(os.path.join(self.args.dir, "graph.log"), "a") as f:
            f.write(json.dumps(entry) + "\n")

    def resources(self) -> set:
        """The resources the tenant has. The scope of a client-credentials request is a
        resource's application ID URI with /.default; Microsoft Graph's is
        https://graph.microsoft.com in the worldwide cloud ("Microsoft identity platform and the
        OAuth 2.0 client credentials flow",
        https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow),
        and each national cloud has its own host (https://learn.microsoft.com/graph/deployments).
        Every tenant has Microsoft Graph's service principal; SharePoint's is this stub's host."""
        graph = {"https://graph.microsoft.com", "https://graph.microsoft.us", "https://dod-graph.microsoft.us",
                 "https://microsoftgraph.chinacloudapi.cn"}
        return {f"https://{self.host}", f"https://{self.graph_host}"} | graph | set(self.extra_resources)

    def now(self) -> int:
        return int(time.time()) + self.args.clock_skew

    def log(self, entry: dict):
        with self.lock, open(self.log_path, "a") as f:
            f.write(json.dumps(entry) + "\n")


def entra_error(status: int, error: str, code: int, text: str, stub: Stub):
    trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
    stamp = datetime.datetime.fromtimestamp(stub.now(), datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    body = {
        "error": error,
        "error_description": f"AADSTS{code}: {text}\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}\r\nTimestamp: {stamp}",
        "error_codes": [code], "timestamp": stamp, "trace_id": trace, "correlation_id": correlation,
        "error_uri": f"https://login.microsoftonline.com/error?code={code}",
    }
    return status, body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "entra-stub"
    stub: Stub = None  # set at start

    def log_message(self, *args):
        pass

    def date_time_string(self, timestamp=None):
        # The Date header follows this server's (possibly skewed) clock, as Entra's would.
        from email.utils import formatdate
        return formatdate(self.stub.now(), usegmt=True)

    def send(self, status: int, body, content_type="application/json; charset=utf-8", headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    # ---- the token endpoint ----

    def do_POST(self):
        stub = self.stub
        if self.server.server_address[1] == stub.graph_port:
            return self.graph()
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        parts = self.path.split("/")
        if len(parts) != 5 or parts[2:] != ["oauth2", "v2.0", "token"]:
            return self.send(404, {"error": "not_found"})
        if self.headers.get("Content-Type", "") != "application/x-www-form-urlencoded":
            return self.send(400, {"error": "invalid_request", "error_description": "STUB: not a form"})
        status, body, entry = self.token(parts[1], {k: v[0] for k, v in form.items()})
        stub.log(entry)
        if status == 200 and stub.args.token_body == "malformed":
            return self.send(200, b'{"token_type":"Bearer","expires_in":3599,"access_token":"eyJ')
        if status == 200 and stub.args.token_body == "leaky":
            return self.send(200, b'{"access_token":"eyJLEAKEDTOKENVALUE0123456789.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl","token_type":"Bearer",')
        if status == 200 and stub.args.token_body == "html":
            return self.send(200, b"<html><body>Sign in to continue</body></html>", "text/html")
        self.send(status, body)

    def token(self, tenant: str, form: dict):
        stub, args = self.stub, self.stub.args
        entry = {"tenant": tenant, "client_id": form.get("client_id"), "scope": form.get("scope")}

        def refuse(status, error, code, text):
            entry["result"] = f"AADSTS{code}"
            return (*entra_error(status, error, code, text, stub), entry)

        for name in ("client_id", "scope", "client_assertion_type", "client_assertion", "grant_type"):
            if not form.get(name):
                return refuse(400, "invalid_request", 900144, f"The request body must contain the following parameter: '{name}'.")
        if form["grant_type"] != "client_credentials":
            return refuse(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
        if form["client_assertion_type"] != ASSERTION_TYPE:
            return refuse(400, "invalid_request", 50027, "Invalid client_assertion_type.")
        if tenant != stub.tenant:
            return refuse(400, "invalid_request", 90002, f"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
        if form["client_id"] != stub.client_id:
            return refuse(400, "unauthorized_client", 700016, f"Application with identifier '{form['client_id']}' was not found in the directory '{tenant}'.")

        assertion = form["client_assertion"]
        try:
            header = json.loads(b64url_decode(assertion.split(".")[0]))
        except Exception:
            return refuse(401, "invalid_client", 50027, "JWT token is invalid or malformed.")
        entry.update(alg=header.get("alg"), typ=header.get("typ"), x5t=header.get("x5t"), x5t_s256=header.get("x5t#S256"))
        if header.get("alg") not in ("PS256", "RS256") or header.get("typ") != "JWT":
            return refuse(401, "invalid_client", 50027, f"JWT token is invalid or malformed (alg {header.get('alg')}, typ {header.get('typ')}).")
        # Entra finds the key by the thumbprint the header names. It compares the decoded
        # digests: MSAL Python sends its x5t with base64 padding, and Entra accepts that.
        def same(value, expected):
            try:
                return isinstance(value, str) and b64url_decode(value.rstrip("=")) == b64url_decode(expected)
            except ValueError:
                return False
        # Every certificate on the app registration signs (renewal adds more than one).
        found = None
        for certificate, credential in ([(stub.certificate, None)] if args.register_other_certificate else stub.certificates()):
            der = certificate.public_bytes(serialization.Encoding.DER)
            if "x5t#S256" in header:
                if same(header["x5t#S256"], b64url(hashlib.sha256(der).digest())) and not args.sha1_only:
                    found = (certificate, credential)
            elif same(header.get("x5t"), b64url(hashlib.sha1(der).digest())):
                found = (certificate, credential)
        used = header.get("x5t#S256", header.get("x5t", ""))
        if found is None:
            return refuse(401, "invalid_client", 700027, f"Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '{used}']")
        signer, credential = found
        entry["certificate"] = hashlib.sha1(signer.public_bytes(serialization.Encoding.DER)).hexdigest().upper()
        try:
            token = jwt.decode(assertion, rsa_jwk(signer), algorithms=[header["alg"]])
        except JoseError as error:
            return refuse(401, "invalid_client", 700027, f"Client assertion failed signature validation. [Reason - {error}]")
        if header["alg"] == "PS256" and not pss_salt_is_32(assertion, signer.public_key()):
            return refuse(401, "invalid_client", 700027, "Client assertion failed signature validation. [Reason - PSS salt length is not 32]")
        if args.credential == "expired":
            return refuse(401, "invalid_client", 7000222, f"The provided client secret keys for app '{stub.client_id}' are expired.")
        if args.credential == "invalid":
            return refuse(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.")

        claims = token.claims
        entry.update(aud=claims.get("aud"), iss=claims.get("iss"), sub=claims.get("sub"), jti=claims.get("jti"),
                     nbf=claims.get("nbf"), iat=claims.get("iat"), exp=claims.get("exp"))
        realm = args.realm_host or stub.host
        expected_aud = f"https://{realm}/{stub.tenant}/oauth2/v2.0/token"
        if claims.get("aud") != expected_aud:
            return refuse(401, "invalid_client", 50012, f"Client assertion audience claim does not match Realm issuer. Expected '{expected_aud}'.")
        if claims.get("iss") != stub.client_id or claims.get("sub") != stub.client_id:
            return refuse(401, "invalid_client", 700021, "Client assertion application identifier doesn't match 'client_id' parameter.")
        # nbf is checked when present but not required: MSAL Python, which azure-identity uses
        # against Entra, sends none (msal/oauth2cli/assertion.py adds nbf only when given a
        # not_before), and Entra accepts its assertions. The reference lists nbf among the claims
        # without saying it is required ("Microsoft identity platform application authentication
        # certificate credentials", https://learn.microsoft.com/entra/identity-platform/certificate-credentials).
        try:
            JWTClaimsRegistry(now=stub.now(), leeway=300, exp={"essential": True}, nbf={"essential": False},
                              iat={"essential": True}, jti={"essential": True}).validate(claims)
        except JoseError:
            now = datetime.datetime.fromtimestamp(stub.now(), datetime.timezone.utc)
            return refuse(401, "invalid_client", 700024,
                          f"Client assertion is not within its valid time range. Current time: {now.isoformat()}, "
                          f"assertion valid from {claims.get('nbf')}, expiry time of assertion {claims.get('exp')}.")
        number = (int, float)
        if not isinstance(claims.get("exp"), number) or not isinstance(claims.get("iat"), number) or claims["exp"] - claims["iat"] > 600:
            return refuse(401, "invalid_client", 700024, "STUB: the assertion must expire within 10 minutes of iat.")
        with stub.lock:
            if claims["jti"] in stub.seen_jti:
                entry["result"] = "jti reused"
                return 401, {"error": "invalid_client", "error_description": f"STUB: jti {claims['jti']} was already used."}, entry
            stub.seen_jti.add(claims["jti"])
        if args.consent == "missing":
            return refuse(400, "invalid_grant", 65001, f"The user or administrator has not consented to use the application with ID '{stub.client_id}' named '{stub.app_name}'.")
        resource = form["scope"][: -len("/.default")] if form["scope"].endswith("/.default") else None
        if resource == f"https://{stub.graph_host}" and "token" in args.graph_fault:
            # A Conditional Access policy for workload identities blocks the app's token
            # (https://learn.microsoft.com/entra/identity-platform/reference-error-codes: AADSTS53003).
            return refuse(400, "invalid_grant", 53003, "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.")
        if (resource == f"https://{stub.host}" and "new-cert-fails" in args.graph_fault and credential is not None
                and credential.get("addedByAddKey")):
            # Scripted: a key Graph added that Entra's token service does not know yet.
            return refuse(401, "invalid_client", 700027, f"Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '{used}']")
        if resource not in stub.resources():
            return refuse(400, "invalid_resource", 500011, f"The resource principal named {resource or form['scope']} was not found in the tenant named {stub.tenant}. This can happen if the application has not been installed by the administrator of the tenant.")

        now = stub.now()
        access = {"aud": resource, "iss": f"https://sts.windows.net/{stub.tenant}/", "iat": now, "nbf": now, "exp": now + 3599,
                  "appid": stub.client_id, "tid": stub.tenant, "ver": "1.0", "idtyp": "app"}
        if stub.roles:
            access["roles"] = stub.roles
        value = jwt.encode({"alg": "RS256", "typ": "JWT"}, access, stub.issuer_key, algorithms=["RS256"])
        entry["result"] = "token"
        entry["resource"] = resource
        entry["access_token"] = value
        return 200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": value}, entry


    # ---- Microsoft Graph: addKey and removeKey ----

    def graph_error(self, status: int, code: str, message: str, entry: dict):
        """Graph's error object: {"error": {"code", "message", "innerError": {"date",
        "request-id", "client-request-id"}}} (https://learn.microsoft.com/graph/errors)."""
        entry["result"] = f"{status} {code}"
        self.stub.graph_log(entry)
        request_id = str(uuid.uuid4())
        stamp = datetime.datetime.fromtimestamp(self.stub.now(), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        self.send(status, {"error": {"code": code, "message": message,
                                     "innerError": {"date": stamp, "request-id": request_id, "client-request-id": request_id}}},
                  headers=[("request-id", request_id)])

    def graph(self):
        stub, args = self.stub, self.stub.args
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        parts = urllib.parse.urlsplit(self.path).path.split("/")
        entry = {"path": self.path}
        if len(parts) != 5 or parts[1] != "v1.0" or parts[2] != "applications" or parts[4] not in ("addKey", "removeKey"):
            return self.graph_error(404, "Request_ResourceNotFound", "Resource not found for the segment.", entry)
        operation = entry["operation"] = parts[4]
        # The token: an app-only token this stub issued for the Graph resource, for this app.
        authorization = self.headers.get("Authorization", "")
        try:
            token = jwt.decode(authorization[7:], stub.issuer_key, algorithms=["RS256"])
            JWTClaimsRegistry(now=stub.now(), aud={"essential": True, "value": f"https://{stub.graph_host}"},
                              exp={"essential": True}).validate(token.claims)
        except (JoseError, ValueError):
            return self.graph_error(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.", entry)
        if token.claims.get("appid") != stub.client_id:
            return self.graph_error(401, "InvalidAuthenticationToken", "Access token validation failure.", entry)
        # "You can address the application using either its id or appId" (application-addkey):
        # spconnect uses the id (the Object ID), which is also what the proof's iss must be.
        if parts[3] != stub.object_id:
            return self.graph_error(404, "Request_ResourceNotFound",
                                    f"Resource '{parts[3]}' does not exist or one of its queried reference-property objects are not present.", entry)
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            return self.graph_error(415, "UnsupportedMediaType", "Content-Type must be application/json.", entry)
        try:
            body = json.loads(raw)
        except ValueError:
            return self.graph_error(400, "BadRequest", "Unable to read JSON request payload.", entry)
        refusal = self.check_proof(body.get("proof"), entry)
        if refusal:
            return self.graph_error(400, "Request_BadRequest", refusal, entry)
        if operation == "addKey":
            return self.add_key(body, entry)
        return self.remove_key(body, entry)

    def check_proof(self, proof, entry):
        """The proof of possession, as application-addkey and application-removekey (v1.0)
        describe it: a JWT signed with the private key of one of the application's existing
        valid certificates, aud 00000002-0000-0000-c000-000000000000, iss the application's
        id, nbf, and exp at nbf + 10 minutes. Checked with joserfc. Graph's pages give no
        error code for a bad proof; the refusal is a 400 in Graph's error shape."""
        stub = self.stub
        if not isinstance(proof, str) or proof.count(".") != 2:
            return "The proof is missing or is not a JWT."
        try:
            header = json.loads(b64url_decode(proof.split(".")[0]))
        except ValueError:
            return "The proof is not a JWT."
        entry.update(proof_alg=header.get("alg"), proof_x5t=header.get("x5t"))
        signer = None
        for certificate, credential in stub.certificates():
            if header.get("x5t") == b64url(hashlib.sha1(certificate.public_bytes(serialization.Encoding.DER)).digest()):
                signer = (certificate, credential)
        if signer is None:
            return "The proof is not signed by a certificate of this application."
        certificate, credential = signer
        entry["proof_signer"] = credential["keyId"]
        now = datetime.datetime.fromtimestamp(stub.now(), datetime.timezone.utc)
        # "Applications that don't have any existing valid certificates … won't be able to use this service action."
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            return "The proof is signed by a certificate that is not valid now."
        try:
            claims = jwt.decode(proof, rsa_jwk(certificate), algorithms=["RS256", "PS256"]).claims
        except JoseError as error:
            return f"The proof's signature is not valid: {error}"
        entry.update(proof_aud=claims.get("aud"), proof_iss=claims.get("iss"), proof_nbf=claims.get("nbf"), proof_exp=claims.get("exp"))
        if claims.get("aud") != "00000002-0000-0000-c000-000000000000":
            return "The proof's aud must be 00000002-0000-0000-c000-000000000000."
        if claims.get("iss") != stub.object_id:
            return "The proof's iss must be the application's id."
        number = (int, float)
        if not isinstance(claims.get("nbf"), number) or not isinstance(claims.get("exp"), number) or claims["exp"] - claims["nbf"] > 600:
            return "The proof must have nbf and an exp at most 10 minutes after it."
        try:
            JWTClaimsRegistry(now=stub.now(), leeway=300, exp={"essential": True}, nbf={"essential": True}).validate(claims)
        except JoseError:
            return "The proof is not within its valid time range."
        return None

    def add_key(self, body, entry):
        """addKey: keyCredential (type, usage and key required; only the public certificate),
        passwordCredential null for a certificate, proof; 200 with the new keyCredential
        (https://learn.microsoft.com/graph/api/application-addkey)."""
        stub, args = self.stub, self.stub.args
        credential = body.get("keyCredential") or {}
        if body.get("passwordCredential") is not None:
            return self.graph_error(400, "Request_BadRequest", "passwordCredential must be null when a certificate is added.", entry)
        if credential.get("type") != "AsymmetricX509Cert" or credential.get("usage") != "Verify" or not credential.get("key"):
            return self.graph_error(400, "Request_BadRequest", "keyCredential needs type AsymmetricX509Cert, usage Verify and key.", entry)
        if "addkey-400" in args.graph_fault:
            return self.graph_error(400, "Request_BadRequest", "Invalid value specified for property 'key' of resource 'KeyCredential'.", entry)
        if "addkey-403" in args.graph_fault:
            # Scripted: a tenant app management policy (restrictions on keyCredentials) refusing the key.
            return self.graph_error(403, "Authorization_RequestDenied", "Credential type not allowed as per assigned policy.", entry)
        try:
            certificate = x509.load_der_x509_certificate(base64.b64decode(credential["key"]))
        except ValueError:
            return self.graph_error(400, "Request_BadRequest", "Invalid value specified for property 'key' of resource 'KeyCredential'.", entry)
        now = datetime.datetime.now(datetime.timezone.utc)
        # Graph refuses key credentials valid for more than a year when added through its API
        # (as scripts/graph_sim.py: "Key credential end date is invalid").
        if certificate.not_valid_after_utc - now > datetime.timedelta(days=366):
            return self.graph_error(400, "Request_BadRequest", "Key credential end date is invalid.", entry)
        thumbprint = hashlib.sha1(certificate.public_bytes(serialization.Encoding.DER)).hexdigest().upper()
        entry["certificate"] = thumbprint
        with stub.lock:
            if any(k["customKeyIdentifier"] == thumbprint for k in stub.keys):
                duplicate = True
            else:
                duplicate = False
                added = key_credential(certificate, str(uuid.uuid4()), added=True)
                stub.keys.append(added)
                stub.save_keys()
        if duplicate:
            return self.graph_error(400, "Request_BadRequest", "The key credential is already on the application.", entry)
        entry["keyId"] = added["keyId"]
        if "addkey-drop" in args.graph_fault and not stub.dropped_add:
            # Scripted: the key is added, then the connection breaks before the answer.
            stub.dropped_add = True
            entry["result"] = "added, connection dropped"
            stub.graph_log(entry)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        entry["result"] = "added"
        stub.graph_log(entry)
        answer = {k: v for k, v in added.items() if k != "addedByAddKey"}
        answer["key"] = None
        answer["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.keyCredential"
        self.send(200, answer)

    def remove_key(self, body, entry):
        """removeKey: keyId and proof; 204 No Content
        (https://learn.microsoft.com/graph/api/application-removekey)."""
        stub, args = self.stub, self.stub.args
        key_id = body.get("keyId")
        entry["keyId"] = key_id
        if "removekey-refused" in args.graph_fault:
            return self.graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.", entry)
        with stub.lock:
            before = len(stub.keys)
            stub.keys = [k for k in stub.keys if k["keyId"] != key_id]
            removed = len(stub.keys) < before
            if removed:
                stub.save_keys()
        if not removed:
            return self.graph_error(400, "Request_BadRequest", f"No key credential with keyId {key_id} on the application.", entry)
        entry["result"] = "removed"
        stub.graph_log(entry)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    # ---- SharePoint ----

    def do_GET(self):
        stub = self.stub
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/")
        if len(parts) == 5 and parts[2:] == ["v2.0", ".well-known", "openid-configuration"]:
            return self.openid_configuration(parts[1])
        if len(parts) != 5 or parts[1] != "sites" or parts[3:] != ["_api", "web"]:
            return self.send(404, {"odata.error": {"code": "-2147024894", "message": {"lang": "en-US", "value": "File Not Found."}}})
        if urllib.parse.parse_qs(url.query).get("$select") != ["Title"]:
            return self.send(400, {"error_description": "STUB: expected $select=Title"})
        if "application/json;odata=nometadata" not in self.headers.get("Accept", ""):
            return self.send(400, {"error_description": "STUB: expected Accept: application/json;odata=nometadata"})
        authorization = self.headers.get("Authorization", "")
        if not authorization.startswith("Bearer "):
            return self.unauthorized("3000003", "Bearer token is missing.")
        try:
            token = jwt.decode(authorization[7:], stub.issuer_key, algorithms=["RS256"])
            JWTClaimsRegistry(now=stub.now(), aud={"essential": True, "value": f"https://{stub.host}"},
                              exp={"essential": True}).validate(token.claims)
        except JoseError as error:
            return self.unauthorized("3000006", f"Token is not valid: {error}.")
        if not token.claims.get("roles"):
            return self.unauthorized("3001000", "Unsupported app only token.")
        name = parts[2]
        if name == "missing":
            return self.send(404, {"odata.error": {"code": "-2147024894", "message": {"lang": "en-US", "value": "File Not Found."}}})
        if name in stub.args.deny_site:
            return self.send(403, {"odata.error": {"code": "-2147024891, System.UnauthorizedAccessException",
                                                   "message": {"lang": "en-US", "value": "Access denied."}}})
        if name in stub.args.huge_error:
            chunk = b"\x1b[2J\x1b[31mRED\x1b]0;owned\x07\r\nline\x9b1m "
            return self.send(500, (chunk * (stub.args.error_bytes // len(chunk) + 1))[:stub.args.error_bytes], "text/plain")
        if name in stub.args.hostile_title:
            return self.send(200, {"Title": "Reports\x1b[2J\x1b]0;owned\x07\r\nFAKE: ok\u202eevil\u009b31m"})
        self.send(200, {"Title": stub.titles.get(name, f"{name.capitalize()} (stub)")})

    def openid_configuration(self, tenant: str):
        """The tenant's OpenID Connect metadata, at {authority}/v2.0/.well-known/openid-configuration
        ("OpenID Connect on the Microsoft identity platform", "Find your app's OpenID
        configuration document URI": https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc).
        Entra answers 400 for a tenant it does not know (MSAL reports that as a failed discovery)."""
        stub = self.stub
        if tenant != stub.tenant:
            return self.send(*entra_error(400, "invalid_tenant", 90002, f"Tenant '{tenant}' not found.", stub))
        base = f"https://{stub.host}/{tenant}"
        self.send(200, {
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": f"https://{stub.host}/{tenant}/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": f"{base}/v2.0",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
            "tenant_region_scope": "EU",
            "cloud_instance_name": "microsoftonline.com",
        })

    def unauthorized(self, code: str, reason: str):
        self.send(401, {"error_description": reason},
                  headers=[("WWW-Authenticate", 'Bearer realm="stub", client_id="00000003-0000-0ff1-ce00-000000000000"'),
                           ("x-ms-diagnostics", f'{code};reason="{reason}";category="invalid_client"')])


def rsa_jwk(certificate):
    return RSAKey.import_key(certificate.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


def pss_salt_is_32(assertion: str, public_key) -> bool:
    """Checks the PS256 signature with exactly a 32-byte salt (RFC 7518 §3.5)."""
    head, payload, signature = assertion.split(".")
    try:
        public_key.verify(b64url_decode(signature), f"{head}.{payload}".encode(),
                          padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
        return True
    except InvalidSignature:
        return False


class TLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, context):
        super().__init__(("127.0.0.1", 0), Handler)
        self.context = context

    def handle_error(self, request, client_address):
        pass  # a client that gives up on TLS (as the untrusted-CA test does) is expected

    def get_request(self):
        sock, address = self.socket.accept()
        # The handshake runs in the request's thread, so a silent client blocks no one.
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address


def main():
    args = parse_args()
    # A parent may have spawned this with signals blocked; SIGTERM and SIGINT must stop it.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    os.makedirs(args.dir, exist_ok=True)
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    context = make_tls(args.dir)
    if args.hang:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        write_atomically(os.path.join(args.dir, "port"), str(listener.getsockname()[1]).encode())
        while True:
            time.sleep(3600)
    Handler.stub = Stub(args)
    server = TLSServer(context)
    graph = TLSServer(context)
    Handler.stub.host = f"127.0.0.1:{server.server_address[1]}"
    Handler.stub.graph_port = graph.server_address[1]
    Handler.stub.graph_host = f"127.0.0.1:{graph.server_address[1]}"
    threading.Thread(target=graph.serve_forever, daemon=True).start()
    write_atomically(os.path.join(args.dir, "graph_port"), str(graph.server_address[1]).encode())
    write_atomically(os.path.join(args.dir, "port"), str(server.server_address[1]).encode())
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
