#!/usr/bin/env python3
"""Looks for an RSA private key's private parts in files, for spconnect's `exec` tests.

  key_scan.py needles --key KEY.pem     prints, as JSON, the byte strings that only a copy
                                        of the key holds: its PKCS#8 and PKCS#1 DER, each
                                        line of its PEM bodies, the primes p and q and the
                                        private exponent d (big-endian, as DER and PEM
                                        carry them)
  key_scan.py scan ROOT...              reads those needles (JSON) on standard input and
                                        prints, as JSON, every regular file under the roots
                                        that holds one ({"hits": [{"path", "needles"}], "files": N})

Needles are hex in the JSON so that nothing secret is on any command line. The key is
read with `cryptography`, not with spconnect's code. Files above --max-bytes, symbolic
links and unreadable files are skipped (and counted).
"""
import argparse
import base64
import json
import os
import sys

from cryptography.hazmat.primitives import serialization


def needles(path: str) -> list:
    with open(path, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    numbers = key.private_numbers()
    found = []
    for value in (numbers.p, numbers.q, numbers.d):
        found.append(value.to_bytes((value.bit_length() + 7) // 8, "big"))
    d = found[2]
    for fmt in (serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL):
        der = key.private_bytes(serialization.Encoding.DER, fmt, serialization.NoEncryption())
        found.append(der)
        # The PEM body's 64-character lines (48 bytes each) that lie wholly in the private
        # part: after the modulus and public exponent, which the certificate holds too.
        private_from = der.find(d)
        text = base64.b64encode(der).decode()
        for start in range(0, len(der) - 48, 48):
            if start >= private_from:
                found.append(text[start // 3 * 4: start // 3 * 4 + 64].encode())
    return [n.hex() for n in found]


def scan(roots: list, wanted: list, max_bytes: int) -> dict:
    hits, files, skipped = [], 0, 0
    for root in roots:
        for folder, dirs, names in os.walk(root, followlinks=False):
            if folder.startswith("/proc"):
                dirs[:] = []
                continue
            for name in names:
                path = os.path.join(folder, name)
                try:
                    if os.path.islink(path) or not os.path.isfile(path) or os.path.getsize(path) > max_bytes:
                        skipped += 1
                        continue
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError:
                    skipped += 1
                    continue
                files += 1
                matched = [i for i, needle in enumerate(wanted) if needle in data]
                if matched:
                    hits.append({"path": path, "needles": matched})
    return {"hits": hits, "files": files, "skipped": skipped}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    n = sub.add_parser("needles")
    n.add_argument("--key", required=True)
    s = sub.add_parser("scan")
    s.add_argument("roots", nargs="+")
    s.add_argument("--max-bytes", type=int, default=64 * 1024 * 1024)
    args = p.parse_args()
    if args.command == "needles":
        print(json.dumps(needles(args.key)))
    else:
        wanted = [bytes.fromhex(h) for h in json.load(sys.stdin)]
        print(json.dumps(scan(args.roots, wanted, args.max_bytes)))


if __name__ == "__main__":
    main()
