"""Test PKI for spconnect's mail tests, made at run time (never committed).

make_pki(folder) writes, each PEM:
  ca.pem                      the test CA the client is told to trust
  good.pem / good.key         server certificate for localhost and 127.0.0.1, signed by the CA
  expired.pem / expired.key   same names, signed by the CA, validity ended yesterday
  wronghost.pem / .key        signed by the CA, but for wrong.example only
  untrusted.pem / .key        for localhost and 127.0.0.1, signed by another CA nobody trusts
Keys are ECDSA P-256 so start-up stays fast. Private keys are written 0600.
"""
import datetime
import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VARIANTS = ("good", "expired", "wronghost", "untrusted")


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _ca(common_name, now):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _leaf(ca_key, ca_cert, dns_names, ips, not_before, not_after):
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName(n) for n in dns_names] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(dns_names[0]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def _write(path, data, mode):
    temp = path + ".tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(temp, path)


def make_pki(folder):
    """Creates the test PKI in folder (once; later calls reuse it)."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if os.path.exists(os.path.join(folder, "untrusted.pem")):
        return folder
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, ca_cert = _ca("spconnect test CA", now)
    other_key, other_cert = _ca("untrusted test CA", now)
    hosts, ips = ["localhost"], ["127.0.0.1"]
    leaves = {
        "good": _leaf(ca_key, ca_cert, hosts, ips, now - datetime.timedelta(hours=1), now + datetime.timedelta(days=7)),
        "expired": _leaf(ca_key, ca_cert, hosts, ips, now - datetime.timedelta(days=10), now - datetime.timedelta(days=1)),
        "wronghost": _leaf(ca_key, ca_cert, ["wrong.example"], [], now - datetime.timedelta(hours=1), now + datetime.timedelta(days=7)),
        "untrusted": _leaf(other_key, other_cert, hosts, ips, now - datetime.timedelta(hours=1), now + datetime.timedelta(days=7)),
    }
    pem = serialization.Encoding.PEM
    for variant, (key, cert) in leaves.items():
        _write(os.path.join(folder, variant + ".key"),
               key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()), 0o600)
        _write(os.path.join(folder, variant + ".pem"), cert.public_bytes(pem), 0o644)
    _write(os.path.join(folder, "ca.pem"), ca_cert.public_bytes(pem), 0o644)
    return folder


def server_context(folder, variant="good", tls_max="1.3", tickets=2, sni_log=None):
    """An ssl.SSLContext for the server side with the chosen certificate variant."""
    import ssl

    if variant not in VARIANTS:
        raise SystemExit(f"unknown certificate variant {variant!r}; use one of {', '.join(VARIANTS)}")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.maximum_version = ssl.TLSVersion.TLSv1_3 if tls_max == "1.3" else ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(os.path.join(folder, variant + ".pem"), os.path.join(folder, variant + ".key"))
    context.num_tickets = tickets
    if sni_log is not None:
        def remember(ssl_object, server_name, _context):
            sni_log.append(server_name)
        context.sni_callback = remember
    return context
