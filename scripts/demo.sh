#!/usr/bin/env bash
# The main job end to end on the embedded defaults, in a throwaway folder.
# Usage: scripts/demo.sh BINARY DEMO_HOME
set -euo pipefail
bin=$1 home=$2
rm -rf "$home"
mkdir -p "$home/certs"
export SPCONNECT_HOME="$home"
# A demo password; a real user gets a no-echo prompt instead.
export SPCONNECT_CERT_PASSWORD="demo-only-password"

echo "== spconnect cert new (a unique certificate for the app registration)"
"$bin" cert new --name demo-app --out "$home/certs"
echo
echo "== spconnect cert inspect (what the admin will see)"
"$bin" cert inspect "$home/certs/demo-app.cer"
echo
echo "== checked by openssl"
openssl x509 -in "$home/certs/demo-app.cer" -inform DER -noout -subject -fingerprint -sha1
echo
echo "demo: done; files are in $home"
