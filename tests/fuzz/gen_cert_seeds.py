#!/usr/bin/python3
"""Writes the certificate seeds of the chain and aia_cert fuzz targets. The
keys are fixed (derived from constants), so the root stays the one embedded
in fuzz_chain.c whenever this runs again; only signatures and serials change.
Usage: tests/fuzz/gen_cert_seeds.py [--root]   (--root: print the root PEM)"""
import datetime
import ipaddress
import struct
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SEEDS = Path(__file__).resolve().parent / "seeds"
T0 = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
T1 = datetime.datetime(2044, 1, 1, tzinfo=datetime.timezone.utc)
WHEN = 1800000000          # 2027-01-15: inside T0..T1
EXPIRED = 2400000000       # 2046: after T1


def key(n):
    return ec.derive_private_key(n, ec.SECP256R1())


def name(cn, org="wuprobe fuzz"):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(k, subject, issuer, issuer_key, ca=False, sans=(), aia=None):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
         .public_key(k.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(T0).not_valid_after(T1)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName(list(sans)), critical=False)
    if aia:
        b = b.add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
            x509.oid.AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(aia))]),
            critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def der(c):
    return c.public_bytes(serialization.Encoding.DER)


root_key, int_key, leaf_key = key(0x5eed01), key(0x5eed02), key(0x5eed03)
root_name = name("wuprobe fuzz root")
root = cert(root_key, root_name, root_name, root_key, ca=True)
inter = cert(int_key, name("wuprobe fuzz intermediate"), root_name, root_key, ca=True)
leaf = cert(leaf_key, name("wu.fuzz.test"), inter.subject, int_key,
            sans=[x509.DNSName("wu.fuzz.test"), x509.DNSName("*.wild.fuzz.test"),
                  x509.IPAddress(ipaddress.ip_address("10.0.0.1")),
                  x509.IPAddress(ipaddress.ip_address("fd00::1"))],
            aia="http://aia.fuzz.test/inter.crt")
selfsigned = cert(leaf_key, name("self.fuzz.test"), name("self.fuzz.test"), leaf_key,
                  sans=[x509.DNSName("self.fuzz.test")])


def chain_seed(stem, flags, when, host, *certs):
    """Input of fuzz_chain: flags (1 pinned, 2 the last certificate was fetched
    through AIA), the time (u32 BE), the host name, NUL, DER certificates."""
    (SEEDS / "chain" / stem).write_bytes(struct.pack(">BI", flags, when) + host + b"\0" +
                                         b"".join(der(c) for c in certs))


if "--root" in sys.argv:
    sys.stdout.write(root.public_bytes(serialization.Encoding.PEM).decode())
    sys.exit(0)
(SEEDS / "chain").mkdir(parents=True, exist_ok=True)
(SEEDS / "aia_cert").mkdir(parents=True, exist_ok=True)
chain_seed("trusted", 0, WHEN, b"wu.fuzz.test", leaf, inter)
chain_seed("wildcard", 0, WHEN, b"a.wild.fuzz.test", leaf, inter)
chain_seed("ipv4", 0, WHEN, b"10.0.0.1", leaf, inter)
chain_seed("ipv6", 0, WHEN, b"fd00::1", leaf, inter)
chain_seed("fetched", 2, WHEN, b"wu.fuzz.test", leaf, inter)
chain_seed("incomplete", 0, WHEN, b"wu.fuzz.test", leaf)
chain_seed("pinned", 1, WHEN, b"wu.fuzz.test", leaf, inter)
chain_seed("expired", 0, EXPIRED, b"wu.fuzz.test", leaf, inter)
chain_seed("mismatch", 0, WHEN, b"other.fuzz.test", leaf, inter)
chain_seed("selfsigned", 0, WHEN, b"self.fuzz.test", selfsigned)
(SEEDS / "aia_cert" / "inter.der").write_bytes(der(inter))
(SEEDS / "aia_cert" / "inter.pem").write_bytes(inter.public_bytes(serialization.Encoding.PEM))
(SEEDS / "aia_cert" / "leaf.der").write_bytes(der(leaf))
