#!/usr/bin/env bash
# The main job end to end on the embedded defaults (outbox transport, a local store),
# in a throwaway home folder. Usage: scripts/demo.sh BINARY DEMO_HOME
set -euo pipefail
bin=$1 home=$2
rm -rf "$home"
export SPCONNECT_HOME="$home"
# Demo secrets only; a real user gets a no-echo prompt instead.
export SPCONNECT_PASSPHRASE="demo-only-passphrase"

echo "== spconnect request (creates the store, a unique certificate, the email to the admin)"
"$bin" request --tenant contoso.onmicrosoft.com --admin it-admin@contoso.com \
  --site https://contoso.sharepoint.com/sites/reports --app-name "Reports exporter" \
  --from "Dana Developer <dana@contoso.com>"
id=$("$bin" requests --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"][0]["id"])')
echo
echo "== spconnect requests"
"$bin" requests
echo
echo "== the draft, read back by Python's email package"
python3 - "$home/outbox/$id.eml" <<'PY'
import email, email.policy, sys
with open(sys.argv[1], "rb") as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
print("From:   ", m["From"]); print("To:     ", m["To"]); print("Subject:", m["Subject"])
print("Parts:  ", ", ".join(p.get_content_type() + (f" ({p.get_filename()})" if p.get_filename() else "") for p in m.walk() if not p.is_multipart()))
PY
echo
echo "== the certificate in it, checked by openssl"
"$bin" instructions "$id" --format manifest >/dev/null
python3 - "$home/outbox/$id.eml" "$home/demo.pem" <<'PY'
import email, email.policy, sys
with open(sys.argv[1], "rb") as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
cer = next(p for p in m.iter_attachments() if p.get_content_type() == "application/x-pem-file")
open(sys.argv[2], "wb").write(cer.get_payload(decode=True))
PY
openssl x509 -in "$home/demo.pem" -noout -subject -fingerprint -sha1
echo
echo "demo: done. The draft is $home/outbox/$id.eml; open it in a mail program to send it."
