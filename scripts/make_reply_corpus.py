#!/usr/bin/env python3
"""Builds the reply corpus in Tests/RepliesTests/Fixtures: admins' replies shaped like what
real mail clients send, each with the values `spconnect import` must find (good/), or the
error it must give (bad/), listed in manifest.json.

  python3 scripts/make_reply_corpus.py            # rewrite the fixtures
  python3 scripts/make_reply_corpus.py --check    # fail if the committed fixtures differ

The MIME structure is made by Python's `email` package, an implementation independent of
spconnect's reader, so every message is well-formed by another's measure; the bodies
(Outlook's Word HTML, Gmail's and Apple Mail's quoting, Thunderbird's format=flowed) are
written the way those clients write them. Everything is deterministic (a fixed random seed,
fixed dates, Ed25519 certificates from fixed seeds), so regenerating changes nothing unless
this script changes.

The certificates are public halves only: the keys that signed them are thrown away. Tests
seed requests with them (`spconnect _dev seed --certificate`, or the store's API), so the
thumbprints in the replies match. The GUIDs are made up. Nothing here is a secret.

The 20 MB message of the bad list is not committed: the tests make it.
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import random
import sys
import uuid
from email import policy
from email.charset import QP, Charset
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "Tests" / "RepliesTests" / "Fixtures"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
rng = random.Random(20250303)

SMTP = policy.SMTP            # CRLF line endings, as clients save .eml files
LF = policy.default           # LF line endings (a message saved by a Unix tool)
DATE = dt.datetime(2025, 3, 3, 10, 12, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def guid() -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def request_id() -> str:
    chars = "".join(rng.choice(ALPHABET) for _ in range(8))
    return f"SPC-{chars[:4]}-{chars[4:]}"


def certificate(name: str, not_before: dt.datetime, not_after: dt.datetime) -> tuple[bytes, str, str]:
    """A self-signed Ed25519 certificate from a fixed seed: DER, SHA-1 thumbprint, notAfter."""
    key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"spconnect corpus " + name.encode()).digest())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"spconnect-corpus-{name}")])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(int.from_bytes(hashlib.sha256(name.encode()).digest()[:16], "big") >> 1)
            .not_valid_before(not_before).not_valid_after(not_after).sign(key, None))
    der = cert.public_bytes(serialization.Encoding.DER)
    return der, hashlib.sha1(der).hexdigest().upper(), not_after.strftime("%Y-%m-%dT%H:%M:%SZ")


REQUEST_CER, THUMB, NOT_AFTER = certificate("request", dt.datetime(2025, 1, 1), dt.datetime(2045, 1, 1))
EXPIRED_CER, EXPIRED_THUMB, EXPIRED_NOT_AFTER = certificate("expired", dt.datetime(2020, 1, 1), dt.datetime(2021, 1, 1))
OTHER_THUMB = hashlib.sha1(b"another certificate the admin uploaded").hexdigest().upper()
TENANT = guid()           # the tenant every good reply names (made up)
OTHER_TENANT = guid()


def spaced(tp: str, sep: str = " ", lower: bool = False) -> str:
    tp = tp.lower() if lower else tp
    return sep.join(tp[i:i + 2] for i in range(0, len(tp), 2))


def block(req: str, tenant: str = "", client: str = "", thumb: str = "", nl: str = "\n", object_id: str | None = None) -> str:
    """The reply block; with `object_id`, the four-line block that carries the Object ID."""
    lines = ["----- BEGIN SPCONNECT REPLY -----", f"Request: {req}", f"Directory (tenant) ID: {tenant}",
             f"Application (client) ID: {client}"]
    if object_id is not None:
        lines.append(f"Object ID: {object_id}")
    return nl.join(lines + [f"Certificate thumbprint: {thumb}", "----- END SPCONNECT REPLY -----"])


def original(req: str) -> str:
    """The request email as the admin received it (plain text), which replies quote."""
    return f"""Hello,

I need an app registration with a certificate credential so that our reporting
job can read and write the Reports site in SharePoint Online (Sites.Selected,
write). I am not an admin, so I am asking you.

Tenant: contoso.onmicrosoft.com
App name: spconnect-reports
Site: https://contoso.sharepoint.com/sites/reports

1. Entra admin center > App registrations > New registration: spconnect-reports,
   single tenant, no redirect URI.
2. Certificates & secrets > Certificates > Upload certificate: the attached
   spconnect-reports.cer.
3. API permissions > SharePoint > Application permissions > Sites.Selected, then
   Grant admin consent; then grant the app write access to the site.

Or run the attached PowerShell or Azure CLI script, which prints the reply block.

Please reply with this block filled in:

{block(req)}

Thank you!
Dana Developer
"""


def quote(text: str, prefix: str = "> ") -> str:
    return "\n".join((prefix + line).rstrip() if line else prefix.rstrip() for line in text.split("\n"))


def headers(msg, subject: str, sender="IT Admin <admin@contoso.com>", to="Dana Developer <dev@contoso.com>",
            mailer: str | None = None, when: dt.datetime = DATE, reply: bool = True):
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{uuid.UUID(int=rng.getrandbits(128))}@contoso.com>"
    if reply:
        msg["In-Reply-To"] = "<request-1@contoso.com>"
    if mailer:
        msg["X-Mailer"] = mailer
    if "MIME-Version" not in msg:
        msg["MIME-Version"] = "1.0"


def boundary(style: str = "python") -> str:
    """A fixed (seeded) boundary in the style of the client that would have written it."""
    bits = rng.getrandbits(96)
    if style == "outlook":
        return f"_000_DM6PR11MB{bits % 10**10:010d}DM6PR11MB4{bits >> 64:08X}namp_"
    if style == "gmail":
        return f"000000000000{bits & (2**64 - 1):016x}"[:28]
    return f"==============={bits % 10**19:019d}=="


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def qp_text(subtype: str, text: str, charset: str = "utf-8") -> MIMEText:
    cs = Charset(charset)
    cs.body_encoding = QP
    return MIMEText(text, subtype, cs)


# --------------------------------------------------------------------------- good replies

GOOD: list[dict] = []
BAD: list[dict] = []
REQUESTS: list[dict] = []
FILES: dict[str, bytes] = {}


def new_request(cert: str = "request.cer") -> str:
    req = request_id()
    REQUESTS.append({"id": req, "certificate": cert})
    return req


def good(name: str, client_desc: str, data: bytes, req: str | None, tenant: str | None, client: str,
         thumb: str | None, note: str = "", object_id: str | None = None, warning: str | None = None):
    """`warning`: a phrase `import` must warn with (a stranger's From, a client secret, an
    attachment whose values are not read)."""
    FILES[f"good/{name}"] = data
    GOOD.append({"file": f"good/{name}", "client": client_desc, "request": req, "tenantID": tenant,
                 "clientID": client, "objectID": object_id, "thumbprint": thumb, "note": note, "warning": warning})


def bad(name: str, why: str, data: bytes, error: str, message: str, request: str | None = None):
    FILES[f"bad/{name}"] = data
    BAD.append({"file": f"bad/{name}", "why": why, "error": error, "message": message, "request": request})


def outlook_html(paragraphs: list[str], original_text: str, req: str) -> str:
    """Word-generated HTML as Outlook 16 sends it: MsoNormal paragraphs, <o:p>, &nbsp;, the
    From/Sent header block in a bordered div, the original below it unquoted."""
    body = "\n".join(f'<p class="MsoNormal">{p}<o:p></o:p></p>' if p else '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
                     for p in paragraphs)
    orig = "\n".join(f'<p class="MsoNormal">{html_escape(line) if line else "<o:p>&nbsp;</o:p>"}<o:p></o:p></p>'
                     for line in original_text.split("\n"))
    return f"""<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
/* Font Definitions */
@font-face
\t{{font-family:"Cambria Math";
\tpanose-1:2 4 5 3 5 4 6 3 2 4;}}
@font-face
\t{{font-family:Calibri;
\tpanose-1:2 15 5 2 2 2 4 3 2 4;}}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{{margin:0cm;
\tfont-size:11.0pt;
\tfont-family:"Calibri",sans-serif;}}
span.EmailStyle17
\t{{mso-style-type:personal-compose;}}
.MsoChpDefault
\t{{mso-style-type:export-only;}}
@page WordSection1
\t{{size:612.0pt 792.0pt;
\tmargin:72.0pt 72.0pt 72.0pt 72.0pt;}}
div.WordSection1
\t{{page:WordSection1;}}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]-->
</head>
<body lang="EN-US" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">
<div class="WordSection1">
{body}
<div>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class="MsoNormal"><b>From:</b> Dana Developer &lt;dev@contoso.com&gt; <br>
<b>Sent:</b> Monday, March 3, 2025 9:41 AM<br>
<b>To:</b> IT Admin &lt;admin@contoso.com&gt;<br>
<b>Subject:</b> SharePoint app registration request {req}<o:p></o:p></p>
</div>
</div>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
{orig}
</div>
</body>
</html>
"""


def outlook_plain_original(req: str) -> str:
    return f"""From: Dana Developer <dev@contoso.com>
Sent: Monday, March 3, 2025 9:41 AM
To: IT Admin <admin@contoso.com>
Subject: SharePoint app registration request {req}

{original(req)}"""


def splits_a_guid(encoded: bytes, values: list[str]) -> bool:
    text = encoded.decode("ascii", "replace")
    for value in values:
        for cut in range(1, len(value)):
            if value[:cut] + "=\r\n" + value[cut:] in text or value[:cut] + "=\n" + value[cut:] in text:
                return True
    return False


def build_good():
    # 01: what the generated PowerShell script prints (Write-Host lines, CRLF), pasted into a file.
    req = new_request(); client = guid()
    text = ("Connecting to Microsoft Graph...\r\nApp registration 'spconnect-reports' created.\r\n"
            "Certificate uploaded. Thumbprint: " + THUMB + "\r\nAdmin consent granted for Sites.Selected.\r\n"
            "Site permission 'write' granted on https://contoso.sharepoint.com/sites/reports.\r\n\r\n"
            "Send this block back to the requester:\r\n\r\n" + block(req, TENANT, client, THUMB, nl="\r\n") + "\r\n")
    good("01-powershell-script-output.txt", "the PowerShell script's printed output (CRLF)", text.encode(), req, TENANT, client, THUMB)

    # 02: the Azure CLI script's output, with az's JSON before the block (appId = client, id = object ID).
    req = new_request(); client = guid(); object_id = guid()
    text = f"""{{
  "appId": "{client}",
  "displayName": "spconnect-reports",
  "id": "{object_id}",
  "publisherDomain": "contoso.onmicrosoft.com",
  "signInAudience": "AzureADMyOrg"
}}
Uploading the certificate... done.
Granting Sites.Selected (write) on https://contoso.sharepoint.com/sites/reports... done.

{block(req, TENANT, client, THUMB)}
"""
    good("02-azure-cli-script-output.txt", "the Azure CLI script's output: az JSON (appId, object id) then the block", text.encode(),
         req, TENANT, client, THUMB, "the object ID next to appId is not taken")

    # 03: Outlook 16, multipart/alternative, both parts quoted-printable, top-posted above the
    # original (From/Sent block, no '>' quoting), HTML with MsoNormal, <o:p>, &nbsp;, and a
    # soft line break (=CRLF) inside a GUID.
    req = new_request(); client = guid()
    for pad in range(0, 60):
        paragraphs = ["Hi Dana,", "", "The app is registered and your certificate is uploaded" + "." * (pad % 3 + 1)
                      + " " * 0 + ("&nbsp;" * (pad // 3)), "",
                      "----- BEGIN SPCONNECT REPLY -----", f"Request: {req}",
                      f"Directory (tenant) ID:&nbsp;{TENANT}", f"Application (client) ID:&nbsp;{client}",
                      f"Certificate thumbprint:&nbsp;{THUMB}", "----- END SPCONNECT REPLY -----", "",
                      "Regards,", "Alex", "IT Operations"]
        html = outlook_html(paragraphs, original(req), req)
        plain = ("Hi Dana,\n\nThe app is registered and your certificate is uploaded.\n\n" + block(req, TENANT, client, THUMB)
                 + "\n\nRegards,\nAlex\nIT Operations\n\n" + outlook_plain_original(req))
        msg = MIMEMultipart("alternative", boundary=boundary("outlook"))
        msg.attach(qp_text("plain", plain))
        msg.attach(qp_text("html", html))
        headers(msg, f"RE: SharePoint app registration request {req}", mailer=None)
        msg["Thread-Topic"] = f"SharePoint app registration request {req}"
        msg["Thread-Index"] = "AdmMDnYGhW5vF0q7RmWq3h8c1l3iAQ=="
        msg["X-MS-Has-Attach"] = ""
        data = msg.as_bytes(policy=SMTP)
        if splits_a_guid(data, [client, TENANT]):
            break
    else:
        raise SystemExit("could not make a soft line break fall inside a GUID")
    good("03-outlook-html-quoted-printable.eml", "Outlook 16: alternative, QP, Word HTML, a soft break inside a GUID, top-posted",
         data, req, TENANT, client, THUMB)

    # 04: Outlook, HTML only, windows-1252, quoted-printable; the values in a two-column table.
    req = new_request(); client = guid()
    rows = "".join(f'<tr><td style="padding:0cm 5.4pt"><p class="MsoNormal"><b>{label}</b><o:p></o:p></p></td>'
                   f'<td style="padding:0cm 5.4pt"><p class="MsoNormal">{value}<o:p></o:p></p></td></tr>\n'
                   for label, value in [("Request", req), ("Directory (tenant) ID", TENANT),
                                        ("Application (client) ID", client), ("Certificate thumbprint", THUMB)])
    html = outlook_html(["Hi Dana,", "", "Done \u2013 here\u2019s what the portal shows (“Overview” page):", "",
                         f'</p><table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0">\n{rows}</table><p class="MsoNormal">',
                         "", "Kind regards \u20ac", "Ren\u00e9"], original(req), req).replace("charset=utf-8", "charset=windows-1252")
    msg = qp_text("html", html, "windows-1252")
    headers(msg, f"RE: SharePoint app registration request {req}")
    good("04-outlook-html-only-windows-1252-table.eml", "Outlook, HTML only, windows-1252 QP, values in a table",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 05: Gmail, multipart/alternative, top-posted above the '>'-quoted original; attribution wrapped.
    req = new_request(); client = guid()
    plain = (f"Hi Dana,\n\nhere you go:\n\n{block(req, TENANT, client, spaced(THUMB))}\n\nBest,\nAlex\n\n"
             f"On Mon, 3 Mar 2025 at 09:41, Dana Developer <dev@contoso.com>\nwrote:\n\n{quote(original(req))}\n")
    html = (f'<div dir="ltr">Hi Dana,<div><br></div><div>here you go:</div><div><br></div><div>'
            + "<br>".join(html_escape(line) for line in block(req, TENANT, client, spaced(THUMB)).split("\n"))
            + '</div><div><br></div><div>Best,</div><div>Alex</div></div><br><div class="gmail_quote gmail_quote_container">'
            '<div dir="ltr" class="gmail_attr">On Mon, 3 Mar 2025 at 09:41, Dana Developer &lt;<a href="mailto:dev@contoso.com">'
            'dev@contoso.com</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
            'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
            + "<br>".join(html_escape(line) for line in original(req).split("\n")) + "</blockquote></div>\n")
    msg = MIMEMultipart("alternative", boundary="000000000000a1b2c3062f1d2e3f")
    msg.attach(MIMEText(plain, "plain", "utf-8"))
    msg.attach(qp_text("html", html))
    headers(msg, f"Re: SharePoint app registration request {req}")
    good("05-gmail-alternative-top-posted.eml", "Gmail: alternative, blockquote and '>' quoting, thumbprint in spaced pairs",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 06: bottom-posted (Thunderbird style): the quoted original first, the filled block below it.
    req = new_request(); client = guid()
    plain = (f"On 03/03/2025 09:41, Dana Developer wrote:\n{quote(original(req))}\n\n"
             f"Done, values below.\n\n{block(req, TENANT.upper(), client, spaced(THUMB, ':'))}\n\n-- \nAlex, IT\n")
    msg = MIMEText(plain, "plain", "utf-8")
    headers(msg, f"Re: SharePoint app registration request {req}", mailer=None)
    msg["User-Agent"] = "Mozilla Thunderbird"
    good("06-bottom-posted.eml", "bottom-posted below the '>'-quoted original; upper-case GUID, colon thumbprint",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 07: Gmail forward of the admin's reply by a colleague ("---------- Forwarded message ---------").
    req = new_request(); client = guid()
    plain = (f"Dana, the admin's answer went to me, see below.\n\nSam\n\n---------- Forwarded message ---------\n"
             f"From: IT Admin <admin@contoso.com>\nDate: Mon, 3 Mar 2025 at 10:12\nSubject: Re: SharePoint app "
             f"registration request {req}\nTo: Sam Colleague <sam@contoso.com>\n\n\nHi,\n\n{block(req, TENANT, client, THUMB)}\n\n"
             f"Alex\n\nOn Mon, 3 Mar 2025 at 09:41, Dana Developer <dev@contoso.com> wrote:\n\n{quote(original(req))}\n")
    msg = MIMEMultipart("alternative", boundary=boundary("gmail"))
    msg.attach(MIMEText(plain, "plain", "utf-8"))
    html = ('<div dir="ltr">Dana, the admin\'s answer went to me, see below.<div><br></div><div>Sam</div><br>'
            '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>'
            'From: <strong class="gmail_sendername" dir="auto">IT Admin</strong> <span dir="auto">&lt;admin@contoso.com&gt;'
            f'</span><br>Date: Mon, 3 Mar 2025 at 10:12<br>Subject: Re: SharePoint app registration request {req}<br>'
            'To: Sam Colleague &lt;sam@contoso.com&gt;<br></div><br><br><div dir="ltr">Hi,<div><br></div><div>'
            + "<br>".join(block(req, TENANT, client, THUMB).split("\n")) + '</div><div><br></div><div>Alex</div></div>'
            '<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 3 Mar 2025 at 09:41, Dana Developer '
            '&lt;dev@contoso.com&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">'
            + "<br>".join(html_escape(line) for line in original(req).split("\n")) + "</blockquote></div></div></div>\n")
    msg.attach(qp_text("html", html))
    headers(msg, f"Fwd: Re: SharePoint app registration request {req}", sender="Sam Colleague <sam@contoso.com>")
    good("07-gmail-forwarded.eml", "Gmail forward: the filled block inside '---------- Forwarded message ---------'",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB, warning="<sam@contoso.com>, who is not one of request")

    # 08: Apple Mail: alternative, text QP, HTML with <blockquote type="cite">.
    req = new_request(); client = guid()
    plain = (f"Here are the values:\n\nDirectory (tenant) ID: {TENANT}\nApplication (client) ID: {client}\n"
             f"Certificate thumbprint: {THUMB.lower()}\n\nRequest: {req}\n\nAlex\n\n"
             f"> On 3 Mar 2025, at 09:41, Dana Developer <dev@contoso.com> wrote:\n> \n{quote(original(req))}\n\n")
    html = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: '
            'break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">Here are the values:<div><br></div>'
            f'<div>Directory (tenant) ID: {TENANT}</div><div>Application (client) ID: {client}</div>'
            f'<div>Certificate thumbprint: {THUMB.lower()}</div><div><br></div><div>Request: {req}</div><div><br></div>'
            '<div>Alex<br id="lineBreakAtBeginningOfMessage"><div><br><blockquote type="cite"><div>On 3 Mar 2025, at 09:41, '
            'Dana Developer &lt;dev@contoso.com&gt; wrote:</div><br class="Apple-interchange-newline"><div><div>'
            + "</div><div>".join(html_escape(line) or "<br>" for line in original(req).split("\n"))
            + "</div></div></blockquote></div><br></div></body></html>")
    msg = MIMEMultipart("alternative", boundary="Apple-Mail=_5B1F6A2E-8C3D-4E1A-9F0B-7D2C4E6A8B10")
    msg.attach(qp_text("plain", plain))
    msg.attach(qp_text("html", html))
    headers(msg, f"Re: SharePoint app registration request {req}", mailer="Apple Mail (2.3774.300.61.1.2)")
    good("08-apple-mail.eml", "Apple Mail: alternative, QP, portal labels without the markers, lower-case thumbprint",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 09: Thunderbird format=flowed: prose with the IDs inline, soft-wrapped mid-label and mid-thumbprint.
    req = new_request(); client = guid()
    prose = (f"Hi Dana, I registered the app for request {req} as you asked. Its Application (client) ID is {client}, "
             f"our Directory (tenant) ID is {TENANT}, and the certificate thumbprint the portal shows is {spaced(THUMB)}. "
             "Admin consent is granted and the app has write access to the Reports site.")
    body = flowed(prose) + "\n\nAlex\n\n" + flowed_quote(f"On 03.03.25 09:41, Dana Developer wrote:") + "\n" \
        + "\n".join(flowed_quote(line, depth=1) for line in original(req).split("\n")) + "\n"
    msg = EmailMessage(policy=SMTP)
    msg.set_content(body, cte="7bit")
    msg.replace_header("Content-Type", 'text/plain; charset=UTF-8; format=flowed')
    headers(msg, f"Re: SharePoint app registration request {req}")
    msg["User-Agent"] = "Mozilla Thunderbird"
    good("09-thunderbird-format-flowed-prose.eml", "Thunderbird format=flowed: IDs inline in prose, soft breaks inside labels and the thumbprint",
         msg.as_bytes(), req, TENANT, client, THUMB)

    # 10: answers typed under each quoted label (interleaved reply).
    req = new_request(); client = guid()
    lines = original(req).split("\n")
    answered = []
    for line in lines:
        answered.append("> " + line if line else ">")
        if line.startswith("Directory (tenant) ID"):
            answered.append(TENANT)
        elif line.startswith("Application (client) ID"):
            answered.append(client)
        elif line.startswith("Certificate thumbprint"):
            answered.append(spaced(THUMB, lower=True))
    body = "Dana Developer wrote on 03/03/2025 09:41:\n" + "\n".join(answered) + "\n\nAnswers inline.\nAlex\n"
    msg = MIMEText(body, "plain", "utf-8")
    headers(msg, f"Re: SharePoint app registration request {req}")
    good("10-answers-inline-under-quoted-labels.eml", "interleaved: each value typed below its quoted label",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 11: prose with the IDs inline, plain text, no block.
    req = new_request(); client = guid()
    text = (f"Hi Dana,\n\nall set for {req}. The application (client) ID is {client} and our tenant ID is\n"
            f"{TENANT}. The certificate thumbprint in the portal is {THUMB}, matching\nyour file.\n\nAlex\n")
    good("11-prose-ids-inline.txt", "prose: IDs inline next to the labels, one wrapped to the next line", text.encode(),
         req, TENANT, client, THUMB)

    # 12: windows-1252, 8bit: curly quotes, an en dash between label and value, umlauts.
    req = new_request(); client = guid()
    text = (f"Hallo Dana,\r\n\r\nerledigt \u2013 die Werte aus dem \u201eOverview\u201c:\r\n\r\n"
            f"Request: {req}\r\nDirectory (tenant) ID \u2013 {TENANT}\r\nApplication (client) ID \u2013 {client}\r\n"
            f"Certificate thumbprint \u2013 {THUMB}\r\n\r\nViele Gr\u00fc\u00dfe\r\nJ\u00fcrgen\r\n")
    msg = EmailMessage(policy=SMTP)
    msg.set_content(text, charset="windows-1252", cte="8bit")
    headers(msg, f"AW: SharePoint app registration request {req}", mailer="Microsoft Outlook 16.0")
    good("12-windows-1252-8bit.eml", "windows-1252, 8bit, en dashes after the labels, German", msg.as_bytes(), req, TENANT, client, THUMB)

    # 13: ISO-8859-1, quoted-printable, French, German Outlook header block before the original.
    req = new_request(); client = guid()
    text = (f"Bonjour Dana,\n\nC'est fait ; voici les valeurs demand\u00e9es :\n\n{block(req, TENANT, client, THUMB)}\n\n"
            f"Cordialement,\nH\u00e9l\u00e8ne\n\nVon: Dana Developer <dev@contoso.com>\nGesendet: Montag, 3. M\u00e4rz 2025 09:41\n"
            f"An: IT Admin <admin@contoso.com>\nBetreff: SharePoint app registration request {req}\n\n{original(req)}")
    msg = qp_text("plain", text, "iso-8859-1")
    headers(msg, f"=?ISO-8859-1?Q?R=E9p=2E=A0=3A_SharePoint_app_registration_request_{req}?=")
    good("13-iso-8859-1-quoted-printable.eml", "ISO-8859-1 QP, French, RFC 2047 subject, German 'Von:/Gesendet:' header block",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 14: text/plain in base64.
    req = new_request(); client = guid()
    msg = EmailMessage(policy=SMTP)
    msg.set_content(f"Values:\n\n{block(req, TENANT, client, THUMB)}\n\nAlex\n", cte="base64")
    headers(msg, f"Re: SharePoint app registration request {req}")
    good("14-base64-plain.eml", "text/plain, base64 body", msg.as_bytes(), req, TENANT, client, THUMB)

    # 15: HTML only, base64, <br> lines, entities (&#58; for the colons, &lbrace;).
    req = new_request(); client = guid()
    html = (f"<!DOCTYPE html><html><body><p>Hi,</p><p>----- BEGIN SPCONNECT REPLY -----<br>\nRequest&#58; {req}<br>\n"
            f"Directory (tenant) ID&#58;&nbsp;{{{TENANT}}}<br>\nApplication (client) ID&#x3A;&nbsp;{client.upper()}<br>\n"
            f"Certificate thumbprint:&nbsp;{spaced(THUMB)}<br>\n----- END SPCONNECT REPLY -----</p><p>Alex</p></body></html>\n")
    msg = EmailMessage(policy=SMTP)
    msg.set_content(html, subtype="html", cte="base64")
    headers(msg, f"Re: SharePoint app registration request {req}")
    good("15-html-only-base64-entities.eml", "HTML only, base64, numeric entities for colons, GUID in braces",
         msg.as_bytes(), req, TENANT, client, THUMB)

    # 16: the Entra admin center's Overview "Essentials", pasted: Object ID stands between the IDs.
    req = new_request(); client = guid(); object_id = guid()
    text = (f"{req}\n\nDisplay name : spconnect-reports\nApplication (client) ID : {client}\nObject ID : {object_id}\n"
            f"Directory (tenant) ID : {TENANT}\nSupported account types : My organization only\n"
            "Client credentials : 1 certificate, 0 secret\nRedirect URIs : Add a Redirect URI\n"
            f"Application ID URI : Add an Application ID URI\nManaged application in local directory : spconnect-reports\n")
    good("16-portal-overview-paste.txt", "the portal's Overview essentials pasted: Object ID and Application ID URI are not the client ID",
         text.encode(), req, TENANT, client, None, object_id=object_id)

    # 17: braces and upper case; thumbprint with colons; CRLF.
    req = new_request(); client = guid()
    text = block(req, "{" + TENANT.upper() + "}", "{" + client.upper() + "}", spaced(THUMB, ":"), nl="\r\n") + "\r\n"
    good("17-braces-upper-case-colons.txt", "GUIDs in braces and upper case, thumbprint with colons, CRLF", text.encode(),
         req, TENANT, client, THUMB)

    # 18: a long thread with '>>' and '> >' quoting; the filled block at the top, an old empty one deep down.
    req = new_request(); client = guid()
    thread = (f"Hi,\n\n{block(req, TENANT, client, THUMB)}\n\nAlex\n\nOn Mon, Dana Developer wrote:\n"
              f"> Any news?\n>\n> On Fri, IT Admin wrote:\n>> Will do on Monday.\n>>\n>> On Thu, Dana Developer wrote:\n"
              + quote(quote(quote(original(req), "> "), "> "), ">") + "\n")
    msg = MIMEText(thread, "plain", "utf-8")
    headers(msg, f"Re: Re: Re: SharePoint app registration request {req}")
    good("18-deep-thread-mixed-quoting.eml", "a thread quoted with '>', '>>' and '> >': the filled block above, the empty one 3 deep",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 19: the only filled block is itself quoted ("> > "), e.g. pasted from a chain.
    req = new_request(); client = guid()
    text = "Pasted from the mail thread:\n\n" + quote(quote(block(req, TENANT, client, spaced(THUMB, lower=True)))) + "\n"
    good("19-filled-block-quoted-twice.txt", "the filled block quoted '> > ' (pasted from a thread)", text.encode(),
         req, TENANT, client, THUMB)

    # 20: a block reflowed by a client wrapping at 40 columns: labels broken, values on the next line.
    req = new_request(); client = guid()
    text = (f"----- BEGIN SPCONNECT REPLY -----\nRequest:\n{req}\nDirectory (tenant)\nID: {TENANT}\n"
            f"Application (client) ID:\n{client}\nCertificate thumbprint: {spaced(THUMB)[:30]}\n{spaced(THUMB)[30:]}\n"
            "----- END SPCONNECT REPLY -----\n")
    msg = MIMEText(text, "plain", "us-ascii")
    headers(msg, f"Re: SharePoint app registration request {req}")
    good("20-reflowed-block.eml", "a reflowed block: a label split over two lines, values on the next line, the thumbprint wrapped",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 21: older Outlook plain text with "-----Original Message-----", 7bit, CRLF.
    req = new_request(); client = guid()
    text = (f"Dana,\r\n\r\nTenant ID: {TENANT}\r\nClient ID: {client}\r\nThumbprint: {THUMB}\r\n\r\nAlex\r\n\r\n"
            "-----Original Message-----\r\n" + outlook_plain_original(req).replace("\n", "\r\n"))
    msg = MIMEText(text, "plain", "us-ascii")
    headers(msg, f"RE: SharePoint app registration request {req}", mailer="Microsoft Office Outlook 12.0")
    good("21-outlook-original-message-separator.eml", "old Outlook: short labels (Tenant ID, Client ID, Thumbprint), '-----Original Message-----'",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 22: forwarded as an attachment (message/rfc822 inside multipart/mixed).
    req = new_request(); client = guid()
    inner = MIMEMultipart("alternative", boundary=boundary("gmail"))
    inner.attach(MIMEText(f"Hi,\n\n{block(req, TENANT, client, THUMB)}\n\nAlex\n", "plain", "utf-8"))
    inner.attach(qp_text("html", "<div>Hi,<br><br>" + "<br>".join(block(req, TENANT, client, THUMB).split("\n")) + "<br><br>Alex</div>"))
    headers(inner, f"Re: SharePoint app registration request {req}")
    outer = EmailMessage(policy=SMTP)
    outer.set_content("Forwarding the admin's answer as an attachment.\n\nSam\n")
    outer.add_attachment(inner)
    outer.set_boundary(boundary())
    headers(outer, f"Fwd: Re: SharePoint app registration request {req}", sender="Sam Colleague <sam@contoso.com>")
    good("22-forwarded-as-attachment.eml", "forwarded as an attachment (message/rfc822 in multipart/mixed)",
         outer.as_bytes(), req, TENANT, client, THUMB, warning="<sam@contoso.com>, who is not one of request")

    # 23: the tenant as its domain; no thumbprint.
    req = new_request(); client = guid()
    text = block(req, "contoso.onmicrosoft.com", client) + "\n"
    good("23-tenant-as-domain-no-thumbprint.txt", "the tenant as its domain, no thumbprint", text.encode(), req,
         "contoso.onmicrosoft.com", client, None)

    # 24: Microsoft Graph's JSON for the application, pasted (appId, keyCredentials' customKeyIdentifier).
    req = new_request(); client = guid(); object_id = guid(); key_id = guid()
    text = f"""Request {req} - this is what Graph returns for the app:

{{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications/$entity",
  "id": "{object_id}",
  "appId": "{client}",
  "displayName": "spconnect-reports",
  "keyCredentials": [
    {{
      "customKeyIdentifier": "{THUMB}",
      "displayName": "CN=spconnect-reports",
      "endDateTime": "2026-03-03T09:41:00Z",
      "keyId": "{key_id}",
      "type": "AsymmetricX509Cert",
      "usage": "Verify"
    }}
  ],
  "requiredResourceAccess": [
    {{ "resourceAppId": "00000003-0000-0ff1-ce00-000000000000" }}
  ]
}}

tenantId: {TENANT}
"""
    good("24-graph-json-pasted.txt", "Graph's application JSON: appId, customKeyIdentifier; id, keyId and resourceAppId are not taken",
         text.encode(), req, TENANT, client, THUMB)

    # 25: Outlook for iOS: HTML-only-ish alternative, &nbsp; everywhere, "Get Outlook for iOS".
    req = new_request(); client = guid()
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div dir="ltr">'
            '<div dir="ltr" style="font-family: Aptos, sans-serif">Done&nbsp;&#8211;&nbsp;values:</div>'
            f'<div dir="ltr">Request:&nbsp;{req}</div><div dir="ltr">Tenant&nbsp;ID:&nbsp;{TENANT}</div>'
            f'<div dir="ltr">Client&nbsp;ID:&nbsp;{client}</div><div dir="ltr">Thumbprint:&nbsp;{spaced(THUMB).replace(" ", "&nbsp;")}</div>'
            '<div id="ms-outlook-mobile-signature"><div dir="ltr">Get <a href="https://aka.ms/o0ukef">Outlook for iOS</a></div></div>'
            '</div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Dana '
            f'Developer &lt;dev@contoso.com&gt;<br><b>Sent:</b> Monday, March 3, 2025 9:41:00 AM<br><b>To:</b> IT Admin<br><b>Subject:'
            f'</b> SharePoint app registration request {req}<br></div><div>'
            + "<br>".join(html_escape(line) for line in original(req).split("\n")) + "</div></body></html>")
    msg = MIMEMultipart("alternative", boundary=boundary("outlook"))
    msg.attach(MIMEText(f"Done \u2013 values:\nRequest: {req}\nTenant ID: {TENANT}\nClient ID: {client}\nThumbprint: {spaced(THUMB)}\n\n"
                        "Get Outlook for iOS<https://aka.ms/o0ukef>\n________________________________\n" + outlook_plain_original(req),
                        "plain", "utf-8"))
    msg.attach(qp_text("html", html))
    headers(msg, f"Re: SharePoint app registration request {req}")
    good("25-outlook-ios-nbsp.eml", "Outlook for iOS: &nbsp; between every word, divRplyFwdMsg header block",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 26: a reply saved as an HTML file (not MIME), values partly as numeric character references.
    req = new_request(); client = guid()
    encoded_client = "".join(f"&#{ord(c)};" if i % 3 == 0 else c for i, c in enumerate(client))
    html = (f"<html><head><title>Re: request {req}</title><style>p {{margin:0}}</style></head><body>\n"
            f"<p>Request: {req}</p>\n<p>Directory (tenant) ID: {TENANT}</p>\n<p>Application (client) ID: {encoded_client}</p>\n"
            f"<p>Certificate thumbprint: &#x{ord(THUMB[0]):x};{THUMB[1:]}</p>\n</body></html>\n")
    good("26-saved-html-numeric-entities.html", "an HTML file (not MIME): digits written as numeric character references",
         html.encode(), req, TENANT, client, THUMB)

    # 27: the PowerShell output redirected in Windows PowerShell 5.1: UTF-16LE with a BOM, CRLF.
    req = new_request(); client = guid()
    text = "\r\n" + block(req, TENANT, client, THUMB, nl="\r\n") + "\r\n"
    good("27-powershell-redirect-utf16le.txt", "Windows PowerShell 5.1 '>' redirection: UTF-16LE with BOM",
         b"\xff\xfe" + text.encode("utf-16-le"), req, TENANT, client, THUMB)

    # 28: the request ID only in the Subject (RFC 2047-encoded, folded); the values in prose.
    req = new_request(); client = guid()
    msg = EmailMessage(policy=SMTP)
    msg.set_content(f"Hi Dana,\n\nclient ID: {client}\ntenant ID: {TENANT}\nthumbprint: {THUMB}\n\nAlex\n")
    headers(msg, f"Re: Demande d\u2019inscription d\u2019application SharePoint \u2013 {req}")
    good("28-request-only-in-subject.eml", "the request ID only in an RFC 2047-encoded, folded Subject",
         msg.as_bytes(), req, TENANT, client, THUMB)

    # 29: other GUIDs around: a correlation ID in a signature, an object ID, a subscription ID.
    req = new_request(); client = guid(); object_id = guid()
    text = (f"Request: {req}\nApplication (client) ID: {client}\nObject ID: {object_id}\nDirectory (tenant) ID: {TENANT}\n\n"
            f"--\nAlex | IT Operations\nTicket correlation ID: {guid()}\nSubscription ID {guid()}\n")
    good("29-other-guids-nearby.txt", "other GUIDs nearby (object, correlation, subscription IDs) are not taken",
         text.encode(), req, TENANT, client, None, object_id=object_id)

    # 30: a PowerShell Format-List of the app (AppId, Id) and Get-MgContext's TenantId.
    req = new_request(); client = guid()
    text = (f"PS C:\\> Get-MgApplication -Filter \"displayName eq 'spconnect-reports'\" | Format-List AppId, Id, DisplayName\n\n"
            f"AppId       : {client}\nId          : {guid()}\nDisplayName : spconnect-reports\n\n"
            f"PS C:\\> (Get-MgContext).TenantId\n{TENANT}\n\nPS C:\\> # TenantId above; request {req}\n"
            f"TenantId    : {TENANT}\n")
    good("30-powershell-format-list.txt", "PowerShell Format-List output: AppId and TenantId, Id is not taken",
         text.encode(), req, TENANT, client, None)


def flowed(text: str, width: int = 72, prefix: str = "") -> str:
    """RFC 3676 format=flowed: soft breaks are a trailing space."""
    words = text.split(" ")
    lines, current = [], ""
    for word in words:
        candidate = (current + " " + word) if current else word
        if len(prefix) + len(candidate) + 1 > width and current:
            lines.append(prefix + current + " ")
            current = word
        else:
            current = candidate
    lines.append(prefix + current)
    return "\n".join(lines)


def flowed_quote(line: str, depth: int = 0) -> str:
    prefix = ">" * depth + (" " if depth else "")
    if not line:
        return ">" * depth
    return flowed(line, prefix=prefix)


# --------------------------------------------------------------------------- bad replies

def build_bad():
    # b01: the admin replied without filling the block in (only the quoted, empty block).
    req = new_request()
    msg = MIMEText(f"Done! See the screenshot.\n\nAlex\n\nOn Mon, 3 Mar 2025 at 09:41, Dana Developer wrote:\n{quote(original(req))}\n",
                   "plain", "utf-8")
    headers(msg, f"Re: SharePoint app registration request {req}")
    bad("b01-block-not-filled-in.eml", "the reply quotes the empty block and fills nothing in", msg.as_bytes(policy=SMTP),
        "emptyReply", "values are empty", req)

    req = new_request()
    bad("b02-client-id-missing.txt", "tenant and thumbprint, no client ID", (block(req, TENANT, "", THUMB) + "\n").encode(),
        "missingClientID", "no Application (client) ID", req)

    req = new_request(); client = guid()
    msg = EmailMessage(policy=SMTP)
    msg.set_content(f"Hi,\n\n{block(req, TENANT, client, OTHER_THUMB)}\n")
    headers(msg, f"Re: SharePoint app registration request {req}")
    bad("b03-wrong-thumbprint.eml", "the admin uploaded another certificate: its thumbprint is not the request's",
        msg.as_bytes(), "thumbprintMismatch", "uploaded another certificate", req)

    req = new_request(); client = guid()
    text = f"{block(req, TENANT, client, THUMB)}\n\nNote: our tenant ID is {OTHER_TENANT}, not the one above.\n"
    bad("b04-two-different-tenant-ids.txt", "two different tenant IDs at the same level", text.encode(),
        "conflictingValues", "two different Directory (tenant) IDs", req)

    req = new_request(); client = guid()
    typo = client[:9] + "g" + client[10:]
    bad("b05-client-id-with-a-g.txt", "the client ID has a 'g' in it", (block(req, TENANT, typo, THUMB) + "\n").encode(),
        "invalidClientID", "not a GUID", req)

    req = new_request(); client = guid()
    msg = MIMEText(f"Hi,\n\n{block(req, TENANT, client[:-1], THUMB)}\n", "plain", "utf-8")
    headers(msg, f"Re: SharePoint app registration request {req}")
    bad("b06-client-id-one-character-short.eml", "the client ID lost its last character", msg.as_bytes(policy=SMTP),
        "invalidClientID", "31 hex digits", req)

    # b07: a multipart message cut off before its reply block (the download stopped).
    req = new_request(); client = guid()
    msg = MIMEMultipart("alternative", boundary=boundary())
    msg.attach(MIMEText("Hi Dana,\n\nthe values are below, I hope this helps; it took a while because the portal "
                        "was slow today and I had to upload the certificate twice.\n\n" + block(req, TENANT, client, THUMB) + "\n",
                        "plain", "us-ascii"))
    msg.attach(qp_text("html", "<div>Hi Dana,</div><div>" + "<br>".join(block(req, TENANT, client, THUMB).split("\n")) + "</div>"))
    headers(msg, f"Re: SharePoint app registration request {req}")
    full = msg.as_bytes(policy=SMTP)
    cut = full.index(b"the values are below")
    bad("b07-truncated-message.eml", "the message was cut off inside its first part, before the values",
        full[:cut + 30], "truncated", "cut short", req)

    junk = random.Random(8).randbytes(4096)
    bad("b08-binary-junk.bin", "binary data, not a message", junk, "notText", "binary data")

    client = guid()
    bad("b10-unknown-request.txt", "a reply to a request this store never made",
        (block("SPC-ZZZZ-ZZZZ", TENANT, client, THUMB) + "\n").encode(), "unknownRequest", "not in this store", "SPC-ZZZZ-ZZZZ")

    req = new_request()
    bad("b11-client-id-is-tenant-id.txt", "the tenant ID pasted as the client ID too",
        (block(req, TENANT, TENANT, THUMB) + "\n").encode(), "clientIDIsTenantID", "is the Directory (tenant) ID", req)

    req = new_request()
    bad("b12-client-id-all-zeros.txt", "a placeholder GUID of zeros as the client ID",
        (block(req, TENANT, "00000000-0000-0000-0000-000000000000", THUMB) + "\n").encode(), "zeroGUID", "placeholder", req)

    req = new_request("expired.cer"); client = guid()
    bad("b13-expired-certificate.txt", "a reply to a request whose certificate has expired",
        (block(req, TENANT, client, EXPIRED_THUMB) + "\n").encode(), "certificateExpired", "expired on", req)

    req = new_request()
    bad("b14-sharepoint-app-id.txt", "SharePoint Online's own app ID instead of the new app's",
        (block(req, TENANT, "00000003-0000-0ff1-ce00-000000000000", THUMB) + "\n").encode(), "microsoftAppID", "SharePoint Online", req)

    req = new_request(); client = guid()
    bad("b15-thumbprint-one-digit-short.txt", "the thumbprint lost a digit",
        (block(req, TENANT, client, THUMB[:-1]) + "\n").encode(), "invalidThumbprint", "39 hex digits", req)

    req = new_request(); client = guid(); other = guid()
    msg = MIMEMultipart("alternative", boundary=boundary())
    msg.attach(MIMEText(f"{block(req, TENANT, client, THUMB)}\n", "plain", "utf-8"))
    msg.attach(qp_text("html", "<div>" + "<br>".join(block(req, TENANT, other, THUMB).split("\n")) + "</div>"))
    headers(msg, f"Re: SharePoint app registration request {req}")
    bad("b16-text-and-html-disagree.eml", "the text and HTML alternatives give different client IDs", msg.as_bytes(policy=SMTP),
        "conflictingValues", "two different Application (client) IDs", req)

    msg = MIMEText("Hi Dana,\n\nI'll look at your request next week, I'm out until Friday.\n\nAlex\n", "plain", "utf-8")
    headers(msg, "Out of office", reply=False)
    bad("b17-no-reply-at-all.eml", "an unrelated message: no block, no labels", msg.as_bytes(policy=SMTP),
        "noReply", "found no reply values")

    req = new_request(); client = guid()
    sha256 = hashlib.sha256(REQUEST_CER).hexdigest().upper()
    bad("b18-sha256-instead-of-thumbprint.txt", "the SHA-256 fingerprint (64 digits) where the SHA-1 thumbprint belongs",
        (block(req, TENANT, client, spaced(sha256, ":")) + "\n").encode(), "invalidThumbprint", "64 hex digits", req)

    client = guid()
    bad("b20-no-request-id.txt", "no request ID, and its thumbprint is every seeded request's",
        f"Application (client) ID: {client}\nDirectory (tenant) ID: {TENANT}\nCertificate thumbprint: {THUMB}\n".encode(),
        "missingRequest", "names no request")

    req = new_request(); client = guid()
    bad("b22-tenant-domain-typo.txt", "a tenant domain with a doubled dot",
        (block(req, "contoso..onmicrosoft.com", client, THUMB) + "\n").encode(), "invalidTenantID", "neither a GUID nor a domain", req)


# --------------------------------------------------------------------------- the Object ID, and what a reader cannot see

def secret() -> str:
    """A made-up string of the shape Entra gives client secrets (3 characters, a digit, `Q~`, 34 more)."""
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~"
    return "".join(rng.choice(chars[:62]) for _ in range(3)) + str(rng.randrange(10)) + "Q~" + "".join(rng.choice(chars) for _ in range(34))


def build_object_id_and_trust():
    # 31: the four-line block of the turn-2 emails and scripts, plain text.
    req = new_request(); client = guid(); object_id = guid()
    good("31-object-id-block.txt", "the block with its Object ID line (the scripts' output)",
         (block(req, TENANT, client, THUMB, object_id=object_id) + "\n").encode(), req, TENANT, client, THUMB, object_id=object_id)

    # 32: the filled four-line block only quoted ("> "), as a reply that quotes what the script printed.
    req = new_request(); client = guid(); object_id = guid()
    text = "Here is what the script printed:\n\n" + quote(block(req, TENANT, client, THUMB, object_id=object_id)) + "\n\nAlex\n"
    msg = MIMEText(text, "plain", "utf-8")
    headers(msg, f"Re: SharePoint app registration request {req}")
    good("32-object-id-quoted.eml", "the four-line block quoted with '> '", msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB,
         object_id=object_id)

    # 33: reflowed: "Object ID:" at a line's end, the value on the next line; braces and upper case.
    req = new_request(); client = guid(); object_id = guid()
    text = (f"----- BEGIN SPCONNECT REPLY -----\nRequest: {req}\nDirectory (tenant) ID: {TENANT}\nApplication (client) ID:\n"
            f"{client}\nObject ID:\n{{{object_id.upper()}}}\nCertificate thumbprint: {THUMB}\n----- END SPCONNECT REPLY -----\n")
    msg = MIMEText(text, "plain", "us-ascii")
    headers(msg, f"Re: SharePoint app registration request {req}")
    good("33-object-id-reflowed-braces-upper.eml", "reflowed: the Object ID on the next line, in braces and upper case",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB, object_id=object_id)

    # 34: HTML only, quoted-printable, the values in a table with the Object ID row (Outlook).
    req = new_request(); client = guid(); object_id = guid()
    rows = "".join(f'<tr><td><p class="MsoNormal"><b>{label}</b></p></td><td><p class="MsoNormal">{value}</p></td></tr>\n'
                   for label, value in [("Request", req), ("Directory (tenant) ID", TENANT), ("Application (client) ID", client),
                                        ("Object ID", object_id), ("Certificate thumbprint", THUMB)])
    html = outlook_html(["Hi Dana,", "", f'</p><table class="MsoTableGrid" border="1">\n{rows}</table><p class="MsoNormal">', "", "Alex"],
                        original(req), req)
    msg = qp_text("html", html)
    headers(msg, f"RE: SharePoint app registration request {req}")
    good("34-object-id-html-table-qp.eml", "HTML only, QP, the Object ID in a table row", msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB,
         object_id=object_id)

    # 35: text/plain in base64, upper-case GUIDs, CRLF block.
    req = new_request(); client = guid(); object_id = guid()
    msg = EmailMessage(policy=SMTP)
    msg.set_content("Values:\r\n\r\n" + block(req, TENANT.upper(), client.upper(), THUMB, nl="\r\n", object_id=object_id.upper()) + "\r\n",
                    cte="base64")
    headers(msg, f"Re: SharePoint app registration request {req}")
    good("35-object-id-base64-upper.eml", "base64 body, upper-case GUIDs, the Object ID line", msg.as_bytes(), req, TENANT, client, THUMB,
         object_id=object_id)

    # 36: prose: the Object ID inline, after the client ID.
    req = new_request(); client = guid(); object_id = guid()
    text = (f"Hi Dana, done for {req}: the Application (client) ID is {client}, its Object ID is {object_id}, and our\n"
            f"Directory (tenant) ID is {TENANT}.\n\nAlex\n")
    good("36-object-id-in-prose.txt", "prose: the Object ID inline next to the client ID", text.encode(), req, TENANT, client, None,
         object_id=object_id)

    # 37: a reply from someone who is none of the request's admins: imported with a warning naming them.
    req = new_request(); client = guid()
    msg = MIMEText(f"Hi,\n\n{block(req, TENANT, client, THUMB)}\n", "plain", "utf-8")
    headers(msg, f"Re: SharePoint app registration request {req}", sender='"IT Admin (admin@contoso.com)" <mallory@fabrikam.example>')
    good("37-from-a-stranger.eml", "From is not one of the request's admins (a display name that pretends to be)",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB, warning="<mallory@fabrikam.example>, who is not one of request")

    # 38: hidden HTML: a client ID in display:none (and others) next to the visible one; only the visible one counts.
    req = new_request(); client = guid()
    hidden = [guid() for _ in range(7)]
    html = ("<html><body><div>Hi Dana,</div><div>----- BEGIN SPCONNECT REPLY -----</div>"
            f"<div>Request: {req}</div><div>Directory (tenant) ID: {TENANT}</div>"
            f'<div style="display:none">Application (client) ID: {hidden[0]}</div>'
            f'<div>Application (client) ID: {client}<span style="font-size:0px">Client ID: {hidden[1]}</span></div>'
            f'<p hidden>Client ID: {hidden[2]}</p><span style="visibility : hidden">client ID: {hidden[3]}</span>'
            f'<div style="mso-hide:all;display:none !important"><div>App ID: {hidden[4]}</div></div>'
            f'<span style="opacity:0">Client ID: {hidden[5]}</span><div style="max-height:0;overflow:hidden">Client ID: {hidden[6]}</div>'
            f"<div>Certificate thumbprint: {THUMB}</div><div>----- END SPCONNECT REPLY -----</div><div>Alex</div></body></html>")
    msg = qp_text("html", html)
    headers(msg, f"Re: SharePoint app registration request {req}")
    good("38-hidden-html-ignored.eml", "hidden HTML (display:none, hidden, zero font, visibility, opacity, zero height) is not read",
         msg.as_bytes(policy=SMTP), req, TENANT, client, THUMB)

    # 39: a client secret pasted along with the IDs: imported, with a warning that never shows it.
    req = new_request(); client = guid()
    text = f"{block(req, TENANT, client, THUMB)}\n\nI also made a secret in case you need it: {secret()}\nClient secret: {secret()}\n"
    good("39-client-secret-pasted.txt", "a client secret pasted next to the block: a warning, the secret never shown",
         text.encode(), req, TENANT, client, THUMB, warning="delete that secret in the portal")

    # b23: the values only in an attached .txt: not read.
    req = new_request(); client = guid()
    msg = EmailMessage(policy=SMTP)
    msg.set_content("Hi Dana,\n\nthe values are in the attached file.\n\nAlex\n")
    msg.add_attachment(block(req, TENANT, client, THUMB) + "\n", filename="reply.txt")
    msg.set_boundary(boundary())
    headers(msg, f"Re: SharePoint app registration request {req}")
    bad("b23-values-only-in-an-attachment.eml", "the values only in an attached .txt, which is not read", msg.as_bytes(),
        "noReply", "values in attachments are not read", req)

    # b24: the only client ID is in hidden HTML.
    req = new_request(); client = guid()
    html = (f'<html><body><p>Request: {req}</p><p>Directory (tenant) ID: {TENANT}</p>'
            f'<p style="DISPLAY: NONE">Application (client) ID: {client}</p><p>Certificate thumbprint: {THUMB}</p></body></html>')
    msg = qp_text("html", html)
    headers(msg, f"Re: SharePoint app registration request {req}")
    bad("b24-client-id-only-in-hidden-html.eml", "the only client ID is in display:none HTML", msg.as_bytes(policy=SMTP),
        "missingClientID", "no Application (client) ID", req)

    # b25: a look-alike tenant domain.
    req = new_request(); client = guid()
    bad("b25-look-alike-tenant-domain.txt", "a tenant domain that ends like the request's but is anyone's (contoso.onmicrosoft.com.evil.example)",
        (block(req, "contoso.onmicrosoft.com.evil.example", client, THUMB) + "\n").encode(), "tenantDomainMismatch",
        "nor a tenant's initial domain", req)

    # b26: another tenant's initial domain than the request's.
    req = new_request(); client = guid()
    bad("b26-other-initial-domain.txt", "another tenant's onmicrosoft.com domain than the request's",
        (block(req, "fabrikam.onmicrosoft.com", client, THUMB) + "\n").encode(), "tenantDomainMismatch",
        "another tenant's initial domain", req)

    # b27: the Object ID is the client ID copied twice.
    req = new_request(); client = guid()
    bad("b27-object-id-is-client-id.txt", "the client ID pasted as the Object ID too",
        (block(req, TENANT, client, THUMB, object_id=client) + "\n").encode(), "invalidObjectID", "is the Application (client) ID", req)


# --------------------------------------------------------------------------- output

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed fixtures instead of writing")
    args = parser.parse_args()
    build_good()
    build_bad()
    build_object_id_and_trust()
    FILES["request.cer"] = REQUEST_CER
    FILES["expired.cer"] = EXPIRED_CER
    manifest = {
        "generator": "scripts/make_reply_corpus.py",
        "certificates": {
            "request.cer": {"thumbprint": THUMB, "notAfter": NOT_AFTER},
            "expired.cer": {"thumbprint": EXPIRED_THUMB, "notAfter": EXPIRED_NOT_AFTER},
        },
        "requestTenant": "contoso.onmicrosoft.com",
        "requests": REQUESTS,
        "good": GOOD,
        "bad": BAD,
        "madeByTheTests": [
            {"name": "a 20 MB message", "bytes": 20_000_000, "error": "tooLarge", "message": "at most 16 MiB"},
        ],
    }
    FILES["manifest.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    if args.check:
        differ = [name for name, data in FILES.items() if not (OUT / name).exists() or (OUT / name).read_bytes() != data]
        for name in differ:
            print(f"differs: {name}", file=sys.stderr)
        return 1 if differ else 0
    for name, data in FILES.items():
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"wrote {len(GOOD)} good and {len(BAD)} bad replies, 2 certificates and manifest.json to {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
