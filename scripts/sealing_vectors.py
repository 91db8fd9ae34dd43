#!/usr/bin/env python3
"""Test vectors for spconnect's sealing format (Sources/Vault/Vault.docc/SEALING.md), made by an
implementation independent of spconnect's: Python's `cryptography` and hashlib.

  python3 scripts/sealing_vectors.py --write Tests/VaultTests/Vectors/sealing.json
  python3 scripts/sealing_vectors.py --check Tests/VaultTests/Vectors/sealing.json
  SPCONNECT_PASSPHRASE=… python3 scripts/sealing_vectors.py --open-store KEYS.sqlite [--blobs-from OTHER.sqlite]
  python3 scripts/sealing_vectors.py --record-macs STORE.sqlite MAC_KEY_FILE
  python3 scripts/sealing_vectors.py --forge-request STORE.sqlite REQUEST_ID

--open-store unlocks the store key of KEYS.sqlite with the passphrase (from the
environment, never argv) as SEALING.md says, checks that it makes the stored public key,
and tries to open every sealed blob of OTHER.sqlite (default: the same store); it prints
one JSON document: {"unlocked": bool, "opened": [...], "refused": [...]}.

--record-macs checks every record MAC of STORE.sqlite with the key file beside the pin and
prints {"valid": [...], "wrong": [...], "missing": [...]} ("request ID" / "connection ID").

--forge-request makes what an attacker who can write store.sqlite alone can make: a new RSA
key and self-signed certificate, the key sealed twice to the store's real public key for the
request (as `request` seals it), and prints the columns to put into the request with sqlite3
(hex): {"certificate", "thumbprint", "sealedKey", "sealedConnectionKey", "sha256"}. It writes
nothing.
"""
import argparse, hashlib, json, os, sqlite3, sys
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes, serialization
import hmac

RAW = dict(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)

def public(sk: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(sk).public_key().public_bytes(**RAW)

def seal(secret: bytes, pk: bytes, kind: str, rid: str, esk: bytes, nonce: bytes) -> bytes:
    epk = public(esk)
    z = X25519PrivateKey.from_private_bytes(esk).exchange(X25519PublicKey.from_public_bytes(pk))
    k = HKDF(algorithm=hashes.SHA256(), length=32, salt=epk + pk, info=b"spconnect seal v1").derive(z)
    aad = b"spconnect seal v1\x00" + kind.encode() + b"\x00" + rid.encode()
    return b"SPCS\x01" + epk + nonce + AESGCM(k).encrypt(nonce, secret, aad)

def open_sealed(blob: bytes, sk: bytes, kind: str, rid: str) -> bytes:
    assert blob[:5] == b"SPCS\x01"
    epk, nonce, body = blob[5:37], blob[37:49], blob[49:]
    pk = public(sk)
    z = X25519PrivateKey.from_private_bytes(sk).exchange(X25519PublicKey.from_public_bytes(epk))
    k = HKDF(algorithm=hashes.SHA256(), length=32, salt=epk + pk, info=b"spconnect seal v1").derive(z)
    aad = b"spconnect seal v1\x00" + kind.encode() + b"\x00" + rid.encode()
    return AESGCM(k).decrypt(nonce, body, aad)

def lock_aad(version: int, store_id: str, pk: bytes, log_n: int, r: int, p: int) -> bytes:
    if version == 1:
        return b"spconnect store key v1\x00" + store_id.encode()
    return b"spconnect store key v2\x00" + store_id.encode() + b"\x00" + pk + bytes([log_n, r, p])

def lock(sk: bytes, passphrase: bytes, log_n: int, store_id: str, salt: bytes, nonce: bytes, version: int = 2) -> bytes:
    k = hashlib.scrypt(passphrase, salt=salt, n=1 << log_n, r=8, p=1, dklen=32, maxmem=1 << 30)
    aad = lock_aad(version, store_id, public(sk), log_n, 8, 1)
    return b"SPCK" + bytes([version]) + salt + nonce + AESGCM(k).encrypt(nonce, sk, aad)

def unlock(blob: bytes, passphrase: bytes, kdf: dict, store_id: str, pk: bytes) -> bytes:
    assert len(blob) == 81 and blob[:4] == b"SPCK" and blob[4] in (1, 2), "not a locked store key"
    assert 14 <= kdf["logN"] <= 20 and kdf["r"] == 8 and 1 <= kdf["p"] <= 4, "scrypt parameters out of bounds"
    salt, nonce, body = blob[5:21], blob[21:33], blob[33:]
    k = hashlib.scrypt(passphrase, salt=salt, n=1 << kdf["logN"], r=kdf["r"], p=kdf["p"], dklen=32, maxmem=1 << 30)
    sk = AESGCM(k).decrypt(nonce, body, lock_aad(blob[4], store_id, pk, kdf["logN"], kdf["r"], kdf["p"]))
    assert public(sk) == pk, "the unlocked private key does not make the stored public key"
    return sk

def pin_fingerprint(pk: bytes) -> str:
    return hashlib.sha256(pk).hexdigest()

def open_store(keys_path: str, blobs_path: str, passphrase: bytes) -> dict:
    def meta(db):
        return {k: v for k, v in db.execute("SELECT key, value FROM meta")}
    with sqlite3.connect(f"file:{keys_path}?mode=ro", uri=True) as db:
        m = meta(db)
    result = {"unlocked": False, "opened": [], "refused": []}
    try:
        sk = unlock(bytes(m["locked_private_key"]), passphrase, json.loads(bytes(m["kdf"])),
                    bytes(m["store_id"]).decode(), bytes(m["public_key"]))
    except Exception:
        return result
    result["unlocked"] = True
    with sqlite3.connect(f"file:{blobs_path}?mode=ro", uri=True) as db:
        rows = [("request", rid, blob) for rid, blob in db.execute("SELECT id, sealedKey FROM requests WHERE sealedKey IS NOT NULL")]
        rows += [("connection", rid, blob) for rid, blob in db.execute("SELECT id, sealedConnectionKey FROM requests WHERE sealedConnectionKey IS NOT NULL")]
        rows += [("connection", rid, blob) for rid, blob in db.execute("SELECT id, sealedKey FROM connections")]
    for kind, rid, blob in rows:
        try:
            open_sealed(bytes(blob), sk, kind, rid)
            result["opened"].append(f"{kind} {rid}")
        except Exception:
            result["refused"].append(f"{kind} {rid}")
    return result

def mac_input(kind: str, rid: str, sha1: bytes, sha256: bytes) -> bytes:
    """The record MAC input: each field as a 4-byte big-endian length and its bytes."""
    fields = [b"spconnect record mac v1", kind.encode(), rid.encode(), sha1, sha256]
    return b"".join(len(f).to_bytes(4, "big") + f for f in fields)

def record_mac(key: bytes, kind: str, rid: str, certificate: bytes) -> bytes:
    message = mac_input(kind, rid, hashlib.sha1(certificate).digest(), hashlib.sha256(certificate).digest())
    return hmac.new(key, message, hashlib.sha256).digest()

def read_mac_key(path: str) -> tuple:
    """The key file: "SPCM" || 0x01 || legacy[1] || key[32] || store_id."""
    data = open(path, "rb").read()
    assert data[:5] == b"SPCM\x01" and data[5] in (0, 1) and len(data) > 38, "not a record MAC key file"
    return data[6:38], data[38:].decode(), data[5] == 1

def check_record_macs(store_path: str, key_path: str) -> dict:
    key, store_id, _ = read_mac_key(key_path)
    result = {"valid": [], "wrong": [], "missing": []}
    with sqlite3.connect(f"file:{store_path}?mode=ro", uri=True) as db:
        meta = {k: v for k, v in db.execute("SELECT key, value FROM meta")}
        assert bytes(meta["store_id"]).decode() == store_id, "the key file is another store's"
        rows = [("request", rid, cert, mac) for rid, cert, mac in db.execute("SELECT id, certificate, mac FROM requests")]
        rows += [("connection", rid, cert, mac) for rid, cert, mac in db.execute("SELECT id, certificate, mac FROM connections")]
    for kind, rid, cert, mac in rows:
        name = f"{kind} {rid}"
        if mac is None:
            result["missing"].append(name)
        elif hmac.compare_digest(bytes(mac), record_mac(key, kind, rid, bytes(cert))):
            result["valid"].append(name)
        else:
            result["wrong"].append(name)
    return result

def forge_request(store_path: str, rid: str) -> dict:
    import datetime
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    from cryptography.hazmat.primitives.asymmetric import rsa
    with sqlite3.connect(f"file:{store_path}?mode=ro", uri=True) as db:
        pk = bytes(db.execute("SELECT value FROM meta WHERE key = 'public_key'").fetchone()[0])
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "attacker")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=300)).sign(key, hashes.SHA256()))
    der = cert.public_bytes(serialization.Encoding.DER)
    pkcs8 = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    sealed = {kind: seal(pkcs8, pk, kind, rid, os.urandom(32), os.urandom(12)) for kind in ("request", "connection")}
    return dict(certificate=der.hex().upper(), thumbprint=hashlib.sha1(der).hexdigest().upper(),
                sha256=hashlib.sha256(der).hexdigest().upper(),
                sealedKey=sealed["request"].hex().upper(), sealedConnectionKey=sealed["connection"].hex().upper())

def h(b: bytes) -> str:
    return b.hex()

def make() -> dict:
    store_sk = bytes(range(1, 33))
    store_pk = public(store_sk)
    seals = []
    cases = [
        ("connection", "SPC-7K3D-Q9XA", b"", bytes([0x42] * 32), bytes([0x11] * 12)),
        ("request", "SPC-7K3D-Q9XA", b"\x30\x82" + bytes(range(256)) * 5, bytes(range(33, 65)), bytes(range(12))),
        ("connection", "SPC-0000-0001", "PKCS#8 stand-in, ünïcode".encode(), bytes([0x99] * 31 + [0x01]), bytes([0xFF] * 12)),
    ]
    for kind, rid, secret, esk, nonce in cases:
        seals.append(dict(kind=kind, id=rid, secret=h(secret), ephemeral_private=h(esk), nonce=h(nonce),
                          blob=h(seal(secret, store_pk, kind, rid, esk, nonce))))
    locks = []
    for version, passphrase, log_n, store_id, salt, nonce, sk in [
        (1, b"correct horse battery staple", 14, "SPC-TEST-0001", bytes(range(16)), bytes(range(100, 112)), store_sk),
        (2, b"correct horse battery staple", 14, "SPC-TEST-0001", bytes(range(16)), bytes(range(100, 112)), store_sk),
        (2, "pässphrase with ünïcode".encode(), 15, "SPC-7K3D-Q9XA", bytes([0xA5] * 16), bytes([0x5A] * 12), bytes(range(200, 232))),
    ]:
        pk = public(sk)
        locks.append(dict(version=version, passphrase=h(passphrase), logN=log_n, r=8, p=1, store_id=store_id,
                          salt=h(salt), nonce=h(nonce), private_key=h(sk), public_key=h(pk),
                          aad=h(lock_aad(version, store_id, pk, log_n, 8, 1)),
                          blob=h(lock(sk, passphrase, log_n, store_id, salt, nonce, version))))
    pins = [dict(public_key=h(pk), fingerprint=pin_fingerprint(pk)) for pk in (store_pk, public(bytes(range(200, 232))))]
    macs = []
    for key, kind, rid, certificate in [
        (bytes(range(32)), "request", "SPC-7K3D-Q9XA", bytes(range(256)) * 3),
        (bytes([0xC3] * 32), "connection", "SPC-7K3D-Q9XA", b"\x30\x82\x01\x0a" + "ünïcode certificate stand-in".encode()),
    ]:
        sha1, sha256 = hashlib.sha1(certificate).digest(), hashlib.sha256(certificate).digest()
        macs.append(dict(key=h(key), kind=kind, id=rid, certificate_sha1=h(sha1), certificate_sha256=h(sha256),
                         input=h(mac_input(kind, rid, sha1, sha256)), mac=h(record_mac(key, kind, rid, certificate))))
    return dict(format="spconnect sealing v1, store key lock v2", store_private_key=h(store_sk), store_public_key=h(store_pk),
                seals=seals, locks=locks, pins=pins, record_macs=macs)

def main() -> int:
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write")
    group.add_argument("--check")
    group.add_argument("--open", nargs=4, metavar=("BLOBHEX", "SKHEX", "KIND", "ID"), help="open one blob, print the secret's hex")
    group.add_argument("--open-store", metavar="KEYS_SQLITE")
    group.add_argument("--record-macs", nargs=2, metavar=("STORE_SQLITE", "MAC_KEY_FILE"))
    group.add_argument("--forge-request", nargs=2, metavar=("STORE_SQLITE", "REQUEST_ID"))
    parser.add_argument("--blobs-from", metavar="OTHER_SQLITE")
    args = parser.parse_args()
    if args.open_store:
        passphrase = os.environb.get(b"SPCONNECT_PASSPHRASE", b"")
        print(json.dumps(open_store(args.open_store, args.blobs_from or args.open_store, passphrase)))
        return 0
    if args.record_macs:
        print(json.dumps(check_record_macs(*args.record_macs)))
        return 0
    if args.forge_request:
        print(json.dumps(forge_request(*args.forge_request)))
        return 0
    if args.open:
        blob, sk, kind, rid = args.open
        print(open_sealed(bytes.fromhex(blob), bytes.fromhex(sk), kind, rid).hex())
        return 0
    vectors = make()
    if args.write:
        with open(args.write, "w") as f:
            json.dump(vectors, f, indent=2)
            f.write("\n")
        return 0
    with open(args.check) as f:
        stored = json.load(f)
    if stored != vectors:
        print("sealing vectors differ from the independent implementation", file=sys.stderr)
        return 1
    for v in stored["seals"]:
        assert open_sealed(bytes.fromhex(v["blob"]), bytes.fromhex(stored["store_private_key"]), v["kind"], v["id"]).hex() == v["secret"]
    for v in stored["locks"]:
        sk = unlock(bytes.fromhex(v["blob"]), bytes.fromhex(v["passphrase"]), v, v["store_id"], bytes.fromhex(v["public_key"]))
        assert sk.hex() == v["private_key"]
    for v in stored["record_macs"]:
        assert hmac.new(bytes.fromhex(v["key"]), bytes.fromhex(v["input"]), hashlib.sha256).hexdigest() == v["mac"]
    print(f"sealing vectors: {len(stored['seals'])} seals, {len(stored['locks'])} locks, {len(stored['pins'])} pins "
          f"and {len(stored['record_macs'])} record MACs match")
    return 0

if __name__ == "__main__":
    sys.exit(main())
