#!/usr/bin/env python3
"""Checks what `spconnect export` writes with the tools people use it with, for the tests:

- the PEM and the PFX open in Python's `cryptography` with the export password (read
  from the environment variable named by --password-env, never from argv), and their keys
  match their certificates;
- MSAL Python builds its own client assertions from the PEM, exactly as the `show`
  snippet configures it (msal's PEM loader, then its JwtAssertionCreator), with the SHA-1
  thumbprint (RS256, x5t) and the SHA-256 one (PS256, x5t#S256); each signature verifies
  with the certificate, and each header names the certificate;
- with --token-url, each MSAL assertion is sent to the stub token endpoint, which checks it
  as it checks spconnect's.

Prints one JSON document. No network beyond --token-url (loopback in the tests).
"""
import argparse
import base64
import hashlib
import json
import os
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import pkcs12
from msal.application import _load_private_key_from_pem_str
from msal.oauth2cli.assertion import JwtAssertionCreator


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_numbers(key):
    return key.public_key().public_numbers()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pem", required=True)
    p.add_argument("--pfx", required=True)
    p.add_argument("--password-env", required=True)
    p.add_argument("--thumbprint", required=True, help="SHA-1, as `show` prints it")
    p.add_argument("--sha256", required=True, help="SHA-256 hex, as the MSAL Node snippet has it")
    p.add_argument("--client-id", required=True)
    p.add_argument("--audience", required=True)
    p.add_argument("--token-url")
    p.add_argument("--scope")
    p.add_argument("--ca")
    args = p.parse_args()
    password = os.environ[args.password_env].encode()
    result = {}

    pem_text = open(args.pem).read()
    certificate = x509.load_pem_x509_certificate(pem_text.encode())
    der = certificate.public_bytes(serialization.Encoding.DER)
    result["certificate_sha1"] = hashlib.sha1(der).hexdigest().upper()
    result["certificate_sha256"] = hashlib.sha256(der).hexdigest().upper()
    # What msal does with the snippet's "private_key" and "passphrase".
    key = _load_private_key_from_pem_str(pem_text, password)
    result["pem_key_bits"] = key.key_size
    result["pem_key_matches"] = public_numbers(key) == certificate.public_key().public_numbers()
    try:
        _load_private_key_from_pem_str(pem_text, b"not the password")
        result["pem_wrong_password_refused"] = False
    except ValueError:
        result["pem_wrong_password_refused"] = True

    pfx_key, pfx_certificate, _ = pkcs12.load_key_and_certificates(open(args.pfx, "rb").read(), password)
    result["pfx_key_matches"] = public_numbers(pfx_key) == pfx_certificate.public_key().public_numbers()
    result["pfx_certificate_is_pem_certificate"] = pfx_certificate.public_bytes(serialization.Encoding.DER) == der

    context = ssl.create_default_context(cafile=args.ca) if args.ca else None
    result["msal"] = {}
    for algorithm, creator in (
        ("RS256", JwtAssertionCreator(key, algorithm="RS256", sha1_thumbprint=args.thumbprint)),
        ("PS256", JwtAssertionCreator(key, algorithm="PS256", sha256_thumbprint=args.sha256)),
    ):
        now = int(time.time())
        # As msal does (iat and exp from its own clock), plus the nbf the stub requires.
        assertion = creator.create_normal_assertion(audience=args.audience, issuer=args.client_id, not_before=now).decode()
        head, payload, signature = assertion.split(".")
        header = json.loads(b64url_decode(head))
        scheme = (padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32) if algorithm == "PS256" else padding.PKCS1v15())
        try:
            certificate.public_key().verify(b64url_decode(signature), f"{head}.{payload}".encode(), scheme, hashes.SHA256())
            verified = True
        except Exception:
            verified = False
        entry = {"header": header, "claims": json.loads(b64url_decode(payload)), "signature_verifies": verified}
        if args.token_url:
            form = urllib.parse.urlencode({
                "client_id": args.client_id, "scope": args.scope, "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion,
            }).encode()
            request = urllib.request.Request(args.token_url, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
            try:
                with urllib.request.urlopen(request, context=context, timeout=10) as answer:
                    entry["stub"] = {"status": answer.status, "token_type": json.load(answer).get("token_type")}
            except urllib.error.HTTPError as error:
                entry["stub"] = {"status": error.code, "error": json.load(error)}
        result["msal"][algorithm] = entry
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
