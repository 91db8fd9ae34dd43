#!/usr/bin/env python3
"""Test vectors for spconnect's sealing format (Sources/Vault/SEALING.md), made by an
implementation independent of spconnect's: Python's `cryptography` and hashlib.

  python3 scripts/sealing_vectors.py --write Tests/VaultTests/Vectors/sealing.json
  python3 scripts/sealing_vectors.py --check Tests/VaultTests/Vectors/sealing.json
"""
import argparse, hashlib, json, sys
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes, serialization

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

def lock(sk: bytes, passphrase: bytes, log_n: int, store_id: str, salt: bytes, nonce: bytes) -> bytes:
    k = hashlib.scrypt(passphrase, salt=salt, n=1 << log_n, r=8, p=1, dklen=32, maxmem=1 << 30)
    aad = b"spconnect store key v1\x00" + store_id.encode()
    return b"SPCK\x01" + salt + nonce + AESGCM(k).encrypt(nonce, sk, aad)

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
    locks = [dict(passphrase=h("correct horse battery staple".encode()), logN=14, r=8, p=1, store_id="SPC-TEST-0001",
                  salt=h(bytes(range(16))), nonce=h(bytes(range(100, 112))), private_key=h(store_sk),
                  blob=h(lock(store_sk, b"correct horse battery staple", 14, "SPC-TEST-0001", bytes(range(16)), bytes(range(100, 112)))))]
    return dict(format="spconnect sealing v1", store_private_key=h(store_sk), store_public_key=h(store_pk),
                seals=seals, locks=locks)

def main() -> int:
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write")
    group.add_argument("--check")
    group.add_argument("--open", nargs=4, metavar=("BLOBHEX", "SKHEX", "KIND", "ID"), help="open one blob, print the secret's hex")
    args = parser.parse_args()
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
    print(f"sealing vectors: {len(stored['seals'])} seals and {len(stored['locks'])} locks match")
    return 0

if __name__ == "__main__":
    sys.exit(main())
