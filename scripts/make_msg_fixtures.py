#!/usr/bin/env python3
"""Builds the Outlook .msg replies in Tests/RepliesTests/Fixtures/msg with tools that are not
spconnect's: `aspose-email-foss` (PyPI, MIT) writes each Compound File, and `extract-msg`
(PyPI, with `olefile`) reads it back to check that the subject, sender and bodies are what
was meant, before anything is written.

  python3 -m venv .build/msg-venv && .build/msg-venv/bin/pip install aspose-email-foss extract-msg
  .build/msg-venv/bin/python scripts/make_msg_fixtures.py

The files are committed; the test command does not run this script. Every value is fixed
(the request IDs, GUIDs and the thumbprint of the corpus's request.cer), so running it again
writes the same messages apart from the timestamps the writer stamps in the directory.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import extract_msg
from aspose.email_foss import msg

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "Tests" / "RepliesTests" / "Fixtures" / "msg"
CORPUS = json.loads((REPO / "Tests" / "RepliesTests" / "Fixtures" / "manifest.json").read_text())
THUMB = CORPUS["certificates"]["request.cer"]["thumbprint"]
TENANT = "41e5d472-f4b3-42f7-a7ed-1eefb1e3bc65"


def block(req: str, client: str, object_id: str, nl: str = "\r\n") -> str:
    return nl.join(["----- BEGIN SPCONNECT REPLY -----", f"Request: {req}", f"Directory (tenant) ID: {TENANT}",
                    f"Application (client) ID: {client}", f"Object ID: {object_id}", f"Certificate thumbprint: {THUMB}",
                    "----- END SPCONNECT REPLY -----"])


def message(subject: str, body: str, sender: str, html: str | None = None, headers: str | None = None,
            attachment: tuple[str, bytes] | None = None) -> msg.MapiMessage:
    m = msg.MapiMessage.create(subject, body)
    m.set_property(msg.PropertyId.SENDER_NAME, "IT Admin")
    m.set_property(msg.PropertyId.SENDER_EMAIL_ADDRESS, sender)
    if headers is not None:
        m.set_property(msg.PropertyId.TRANSPORT_MESSAGE_HEADERS, headers)
    if html is not None:
        m.body_html = html
    m.add_recipient("dev@contoso.com", display_name="Dana Developer")
    if attachment:
        m.add_attachment(attachment[0], attachment[1], mime_type="text/plain")
    return m


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    fixtures = []

    def add(name: str, m: msg.MapiMessage, expect: dict, body_has: str, sender: str):
        path = OUT / name
        data = m.to_bytes()
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        # Read back with another implementation before keeping it.
        read = extract_msg.openMsg(str(tmp))
        try:
            assert body_has in (read.body or ""), f"{name}: extract-msg does not see the body"
            seen = [read.getStringStream("__substg1.0_0C1F") or "", read.headerText or ""]
            assert any(sender in text for text in seen), f"{name}: extract-msg does not see the sender {sender}: {seen}"
        finally:
            read.close()
        tmp.replace(path)
        fixtures.append({"file": f"msg/{name}", **expect})

    req, client, object_id = "SPC-M5G1-7K3D", "0c2b4e6f-8a1d-4c3e-9f5a-7b6d8e9f0a1b", "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"
    text = f"Hi Dana,\r\n\r\ndone, the values:\r\n\r\n{block(req, client, object_id)}\r\n\r\nAlex\r\n"
    html = "<html><body><p>Hi Dana,</p><p>done, the values:</p><p>" + "<br>".join(block(req, client, object_id).split("\r\n")) + "</p><p>Alex</p></body></html>"
    add("m1-outlook-plain-and-html.msg", message(f"RE: SharePoint app registration request {req}", text, "admin@contoso.com", html=html),
        {"request": req, "clientID": client, "objectID": object_id, "thumbprint": THUMB, "sender": "admin@contoso.com"}, "Object ID", "admin@contoso.com")

    # The From of the transport headers names a stranger; the body is longer than the mini stream cutoff (4096 bytes).
    req, client, object_id = "SPC-M5G2-8W2X", "1d3c5f7a-9b2e-4d4f-8a6b-8c7e9fa01b2c", "8f7e6d5c-4b3a-4f2e-9d1c-0b9a8f7e6d5c"
    quoted = "\r\n".join(f"> line {n} of the original request, quoted below the reply" for n in range(120))
    text = f"Values below.\r\n\r\n{block(req, client, object_id)}\r\n\r\n{quoted}\r\n"
    headers = (f"Received: from mail.fabrikam.example\r\nFrom: \"IT Admin\" <mallory@fabrikam.example>\r\nTo: dev@contoso.com\r\n"
               f"Subject: RE: SharePoint app registration request {req}\r\n\r\n")
    add("m2-stranger-long-body.msg", message(f"RE: SharePoint app registration request {req}", text, "mallory@fabrikam.example", headers=headers),
        {"request": req, "clientID": client, "objectID": object_id, "thumbprint": THUMB, "sender": "mallory@fabrikam.example"}, "Values below", "mallory@fabrikam.example")

    # An attachment with other values, which are not read.
    req, client, object_id = "SPC-M5G3-9Y4Z", "2e4d6a8b-0c3f-4e5a-9b7c-9d8f0ab12c3d", "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"
    text = f"{block(req, client, object_id)}\r\n"
    other = block(req, "3f5e7b9c-1d4a-4f6b-8c8d-0e9a1bc23d4e", "6b5c4d3e-2f1a-4b0c-9d8e-1f0a2b3c4d5e").encode()
    add("m3-attachment-not-read.msg", message(f"RE: request {req}", text, "admin@contoso.com", attachment=("values.txt", other)),
        {"request": req, "clientID": client, "objectID": object_id, "thumbprint": THUMB, "sender": "admin@contoso.com"}, "BEGIN SPCONNECT", "admin@contoso.com")

    (OUT / "manifest.json").write_text(json.dumps({"generator": "scripts/make_msg_fixtures.py", "tenantID": TENANT, "messages": fixtures},
                                                  indent=2) + "\n")
    print(f"wrote {len(fixtures)} .msg replies to {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
