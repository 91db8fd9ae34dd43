#!/usr/bin/env python3
"""The program `spconnect exec` runs in its tests: signs in with azure-identity as a
script of the user's would, from the variables exec set, and reports what it found.

  identity_child.py --report FILE [--credential environment|certificate] [--scope SCOPE]
                    [--ready FILE --wait-for FILE] [--exit N]

It first lists its open descriptors (before anything opens one of its own), then gets a
token with EnvironmentCredential (or CertificateCredential built from the same variables)
with instance discovery off (`disable_instance_discovery`, azure-identity's switch for an
authority that is not one of Microsoft's), and writes one JSON document to --report: the
descriptors, the AZURE_* and SPCONNECT_* variables (the certificate path, never a
password's value), the token, or the error. Then, with --ready, it makes that file and
waits until --wait-for exists (the test scans the disk meanwhile), and exits with --exit.
TLS trust for the loopback authority comes from REQUESTS_CA_BUNDLE, which azure-core's
requests transport honours.
"""
import os

descriptors = {}
for name in os.listdir("/proc/self/fd"):
    try:
        descriptors[name] = os.readlink(f"/proc/self/fd/{name}")
    except OSError:
        pass  # the listing's own descriptor, closed by now

import argparse
import json
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--report", required=True)
    p.add_argument("--credential", choices=["environment", "certificate"], default="environment")
    p.add_argument("--scope")
    p.add_argument("--ready")
    p.add_argument("--wait-for")
    p.add_argument("--exit", type=int, default=0)
    args = p.parse_args()
    report = {
        "descriptors": descriptors,
        "variables": {k: v for k, v in os.environ.items() if k.startswith(("AZURE_", "SPCONNECT_")) and k != "AZURE_CLIENT_CERTIFICATE_PASSWORD"},
        "passwordSet": "AZURE_CLIENT_CERTIFICATE_PASSWORD" in os.environ,
        "argv": sys.argv[1:],
    }
    if args.scope:
        from azure.identity import CertificateCredential, EnvironmentCredential
        try:
            if args.credential == "environment":
                credential = EnvironmentCredential(disable_instance_discovery=True)
            else:
                credential = CertificateCredential(os.environ["AZURE_TENANT_ID"], os.environ["AZURE_CLIENT_ID"],
                                                   os.environ["AZURE_CLIENT_CERTIFICATE_PATH"],
                                                   password=os.environ.get("AZURE_CLIENT_CERTIFICATE_PASSWORD"),
                                                   authority=os.environ["AZURE_AUTHORITY_HOST"], disable_instance_discovery=True)
            token = credential.get_token(args.scope)
            report["token"] = token.token
            report["expiresOn"] = token.expires_on
        except Exception as error:  # reported to the test, which fails with it
            report["error"] = f"{type(error).__name__}: {error}"
    with open(args.report + ".tmp", "w") as f:
        json.dump(report, f)
    os.replace(args.report + ".tmp", args.report)
    if args.ready:
        open(args.ready, "w").close()
        deadline = time.time() + 120
        while not os.path.exists(args.wait_for) and time.time() < deadline:
            time.sleep(0.05)
    sys.exit(args.exit)


if __name__ == "__main__":
    main()
