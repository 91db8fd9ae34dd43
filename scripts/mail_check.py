#!/usr/bin/python3
"""Parses one .eml with Python's email package (policy.default) and prints, as JSON,
what spconnect's mail tests check: headers as a reader decodes them, the parsed
addresses, the MIME structure, both bodies, every attachment's bytes (base64), the
parser's defects, and the raw form (CRLF only, longest line).

Usage: /usr/bin/python3 scripts/mail_check.py FILE.eml
"""
import base64
import email
import email.policy
import json
import sys


def addresses(message, name):
    header = message.get(name)
    if header is None:
        return None
    try:
        return [{"name": a.display_name, "addr": a.addr_spec} for a in header.addresses]
    except Exception as error:  # a header that does not parse is a finding, not a crash
        return [{"error": repr(error)}]


def structure(part):
    if part.is_multipart():
        return {"type": part.get_content_type(), "parts": [structure(p) for p in part.iter_parts()]}
    return {"type": part.get_content_type()}


def main():
    with open(sys.argv[1], "rb") as f:
        raw = f.read()
    with open(sys.argv[1], "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)

    defects = [f"{type(d).__name__}" for d in message.defects]
    for part in message.walk():
        if part is not message:
            defects += [f"{type(d).__name__}" for d in part.defects]
    lines = raw.split(b"\r\n")
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    # The same bytes read by the legacy API (compat32), as older readers see them.
    legacy = [p for p in email.message_from_bytes(raw, policy=email.policy.compat32).walk()
              if p.get_content_disposition() == "attachment"]
    attachments = []
    for index, part in enumerate(message.iter_attachments()):
        payload = part.get_payload(decode=True) or b""
        attachments.append({
            "filename": part.get_filename(),
            "content_type_name": part.get_param("name"),
            "filename_compat32": legacy[index].get_filename() if index < len(legacy) else None,
            "content_type": part.get_content_type(),
            "charset": part.get_param("charset"),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "base64": base64.b64encode(payload).decode(),
        })
    result = {
        "headers": [[name, str(value)] for name, value in message.items()],
        "from": addresses(message, "From"),
        "to": addresses(message, "To"),
        "cc": addresses(message, "Cc"),
        "bcc": addresses(message, "Bcc"),
        "reply_to": addresses(message, "Reply-To"),
        "subject": str(message.get("Subject")) if message.get("Subject") is not None else None,
        "message_id": str(message.get("Message-ID")),
        "date": str(message.get("Date")),
        "structure": structure(message),
        "text": plain.get_content() if plain is not None else None,
        "html": html.get_content() if html is not None else None,
        "text_encoding": plain.get("Content-Transfer-Encoding") if plain is not None else None,
        "attachments": attachments,
        "defects": defects,
        "crlf_only": b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b""),
        "max_line": max(len(line) for line in lines),
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
