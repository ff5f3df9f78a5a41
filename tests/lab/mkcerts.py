#!/usr/bin/python3
"""Makes the lab's certificates: a lab root CA, a good server certificate for
every lab name, and the faulty ones (expired, not yet valid, wrong name,
self-signed). Usage: mkcerts.py HOSTS_FILE OUT_DIR"""
import datetime
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def key():
    return ec.generate_private_key(ec.SECP256R1())


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "wuprobe lab"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject_key, cn, issuer_cn, issuer_key, sans=(), ca=False,
         not_before=NOW - DAY, not_after=NOW + 365 * DAY, aia=None):
    b = (x509.CertificateBuilder()
         .subject_name(name(cn)).issuer_name(name(issuer_cn))
         .public_key(subject_key.public_key())
         .serial_number(x509.random_serial_number())
         .not_valid_before(not_before).not_valid_after(not_after)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(s) for s in sans]), critical=False)
    if aia:
        b = b.add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
            x509.oid.AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(aia))]),
            critical=False)
    if ca:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                          content_commitment=False, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False,
                                          encipher_only=False, decipher_only=False), critical=True)
    return b.sign(issuer_key, hashes.SHA256())


def pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def write(out, stem, k, c, *chain):
    """STEM.key, and STEM.pem: the certificate followed by CHAIN, as a server sends it."""
    (out / f"{stem}.key").write_bytes(k.private_bytes(serialization.Encoding.PEM,
                                                      serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    (out / f"{stem}.pem").write_bytes(pem(c) + b"".join(pem(x) for x in chain))


def main():
    hosts = [l.split()[0] for l in Path(sys.argv[1]).read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)

    ca_key = key()
    ca = cert(ca_key, "wuprobe lab root", "wuprobe lab root", ca_key, ca=True,
              not_after=NOW + 3650 * DAY)
    write(out, "ca", ca_key, ca)

    k = key()
    write(out, "good", k, cert(k, "good.lab.test", "wuprobe lab root", ca_key, sans=hosts))
    k = key()
    write(out, "expired", k, cert(k, "expired.lab.test", "wuprobe lab root", ca_key,
                                  sans=["expired.lab.test"], not_before=NOW - 400 * DAY,
                                  not_after=NOW - 30 * DAY))
    k = key()
    write(out, "notyet", k, cert(k, "notyet.lab.test", "wuprobe lab root", ca_key,
                                 sans=["notyet.lab.test"], not_before=NOW + 30 * DAY,
                                 not_after=NOW + 400 * DAY))
    k = key()
    write(out, "wrongname", k, cert(k, "other.example", "wuprobe lab root", ca_key,
                                    sans=["other.example"]))
    k = key()
    write(out, "selfsigned", k, cert(k, "selfsigned.lab.test", "selfsigned.lab.test", k,
                                     sans=["selfsigned.lab.test"]))

    # An intermediate: a server that sends it, and one that forgets it.
    int_key = key()
    inter = cert(int_key, "wuprobe lab intermediate", "wuprobe lab root", ca_key, ca=True,
                 not_after=NOW + 3000 * DAY)
    k = key()
    write(out, "chained", k, cert(k, "chained.lab.test", "wuprobe lab intermediate", int_key,
                                  sans=["chained.lab.test"]), inter)
    (out / "intermediate.der").write_bytes(inter.public_bytes(serialization.Encoding.DER))
    # Missing intermediates that Windows would fetch through AIA, and one it cannot.
    k = key()
    write(out, "aia", k, cert(k, "aia.lab.test", "wuprobe lab intermediate", int_key, sans=["aia.lab.test"],
                              aia="http://good.lab.test/aia/intermediate.der"))
    k = key()
    write(out, "aiabroken", k, cert(k, "aiabroken.lab.test", "wuprobe lab intermediate", int_key,
                                    sans=["aiabroken.lab.test"], aia="http://refused.lab.test/intermediate.der"))
    k = key()
    write(out, "aia404", k, cert(k, "aia404.lab.test", "wuprobe lab intermediate", int_key,
                                 sans=["aia404.lab.test"], aia="http://good.lab.test/aia/missing.der"))
    # An AIA URL whose host a DNS filter sinkholes (127.0.0.1).
    k = key()
    write(out, "aiasink", k, cert(k, "aiasink.lab.test", "wuprobe lab intermediate", int_key,
                                  sans=["aiasink.lab.test"],
                                  aia="http://sinkhole-loop.lab.test/aia/intermediate.der"))
    # An AIA URL that answers 100 KiB: the intermediate, padded with junk.
    k = key()
    write(out, "aiabig", k, cert(k, "aiabig.lab.test", "wuprobe lab intermediate", int_key,
                                 sans=["aiabig.lab.test"], aia="http://good.lab.test/aia/big.der"))
    der = inter.public_bytes(serialization.Encoding.DER)
    (out / "aiabig.der").write_bytes(der + b"\xa5" * (100 * 1024 - len(der)))
    k = key()
    write(out, "incomplete", k, cert(k, "incomplete.lab.test", "wuprobe lab intermediate", int_key,
                                     sans=["incomplete.lab.test"]))

    # A valid leaf with 3,000 DNS names (about 75 KB, under OpenSSL's 100 KiB
    # limit for a certificate list).
    k = key()
    write(out, "manysans", k, cert(k, "manysans.lab.test", "wuprobe lab root", ca_key,
                                   sans=["manysans.lab.test"] + [f"n{i:04d}.manysans.lab.test"
                                                                 for i in range(1, 3000)]))

    # A root nobody trusts, sent along with its leaf.
    other_key = key()
    other = cert(other_key, "untrusted lab root", "untrusted lab root", other_key, ca=True)
    k = key()
    write(out, "untrustedroot", k, cert(k, "untrustedroot.lab.test", "untrusted lab root", other_key,
                                        sans=["untrustedroot.lab.test"]), other)

    # A TLS-inspection CA, trusted by the lab's system store (as a company
    # would push it to its machines), and a host it re-signs.
    insp_key = key()
    insp = cert(insp_key, "Contoso TLS Inspection CA", "Contoso TLS Inspection CA", insp_key, ca=True,
                not_after=NOW + 3650 * DAY)
    write(out, "inspect-ca", insp_key, insp)
    k = key()
    write(out, "inspected", k, cert(k, "inspected.lab.test", "Contoso TLS Inspection CA", insp_key,
                                    sans=["inspected.lab.test"]))


if __name__ == "__main__":
    main()
