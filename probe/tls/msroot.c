/* The Microsoft roots that every Windows trust store has and Debian's does
 * not. The update metadata hosts chain to them: RSA chains through Microsoft
 * Update Secure Server CA 2.1 to Root Certificate Authority 2011, ECC chains
 * through Microsoft ECC Update Secure Server CA 2.1 to ECC Product Root
 * Certificate Authority 2018. A probe without them would fail those hosts
 * for a reason no Windows machine has. Public certificates, each checked
 * against its SHA-256 fingerprint before use (2011: from our reference;
 * 2018: agreed by two independent public sources). */
#include "msroot.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <string.h>

const unsigned char msroot_sha256[32] = {
	0x84, 0x7d, 0xf6, 0xa7, 0x84, 0x97, 0x94, 0x3f, 0x27, 0xfc, 0x72, 0xeb, 0x93, 0xf9, 0xa6, 0x37,
	0x32, 0x0a, 0x02, 0xb5, 0x61, 0xd0, 0xa9, 0x1b, 0x09, 0xe8, 0x7a, 0x78, 0x07, 0xed, 0x7c, 0x61,
};

const unsigned char msroot_ecc_sha256[32] = {
	0xca, 0xca, 0x93, 0xb9, 0xd2, 0x3d, 0x2b, 0x6f, 0xa7, 0x6e, 0x8b, 0x84, 0x71, 0x93, 0x1e, 0x0d,
	0xf3, 0xec, 0x6f, 0x63, 0xaf, 0x3c, 0xdb, 0xb9, 0x36, 0xc4, 0x19, 0x54, 0xa1, 0x87, 0x23, 0x26,
};

static const char pem_2011[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIF7TCCA9WgAwIBAgIQP4vItfyfspZDtWnWbELhRDANBgkqhkiG9w0BAQsFADCB\n"
	"iDELMAkGA1UEBhMCVVMxEzARBgNVBAgTCldhc2hpbmd0b24xEDAOBgNVBAcTB1Jl\n"
	"ZG1vbmQxHjAcBgNVBAoTFU1pY3Jvc29mdCBDb3Jwb3JhdGlvbjEyMDAGA1UEAxMp\n"
	"TWljcm9zb2Z0IFJvb3QgQ2VydGlmaWNhdGUgQXV0aG9yaXR5IDIwMTEwHhcNMTEw\n"
	"MzIyMjIwNTI4WhcNMzYwMzIyMjIxMzA0WjCBiDELMAkGA1UEBhMCVVMxEzARBgNV\n"
	"BAgTCldhc2hpbmd0b24xEDAOBgNVBAcTB1JlZG1vbmQxHjAcBgNVBAoTFU1pY3Jv\n"
	"c29mdCBDb3Jwb3JhdGlvbjEyMDAGA1UEAxMpTWljcm9zb2Z0IFJvb3QgQ2VydGlm\n"
	"aWNhdGUgQXV0aG9yaXR5IDIwMTEwggIiMA0GCSqGSIb3DQEBAQUAA4ICDwAwggIK\n"
	"AoICAQCygEGqNThNE3IyaCJNuLLx/9VSvGzH9dJKjDbu0cJcfoyKrq8TKG/Ac+M6\n"
	"ztAlqFo6be+ouFmrEyNozQwph9FvgFyPRH9dkAFSWKxRxV8qh9zc2AodwQO5e7BW\n"
	"6KPeZGHCnvjzfLnsDbVU/ky2ZU+I8JxImQxCCwl8MVkXeQZ4KI2JOkwDJb5xalwL\n"
	"54RgpJki49KvhKSn+9GY7Qyp3pSJ4Q6g3MDOmT3qCFK7VnnkH4S6Hri0xElcTzFL\n"
	"h93dBWcmmYDgcRGjuKVB4qRTufcyKYMME782XgSzS0NHL2vikR7TmE/dQgfI6B0S\n"
	"/Jmpaz6SfsjWaTr8ZL22CZ3K/QwLopt3YEsDlKQwaRLWQi3BQUzK3Kr9j1uDRprZ\n"
	"/LHR47PJf0h6zSTwQY9cdNCssBAgBkm3xy0hyFfj0IbzA2j70M5xwYmZSmQBbP3s\n"
	"MJHPQTySx+W6hh1hhMdfgzlirrSSL0fzC/hV66AfWdC7dJse0Hbm8ukG1xDo+mTe\n"
	"acY1logC8Ea4PyeZb8txiSk190gWAjWP1Xl8TQLPX+uKg09FcYj5qQ1OcunCnAfP\n"
	"SRtOBA5jUYxe2ADBVSy2xuDCZU7JNDn1nLPEfuhhbhNfFcRf2X7tHc7uROzLLoax\n"
	"7Dj2cO2rXBPB2Q8Nx4CyVe0096yb5MPa50c8prWPMd/FS6/r8QIDAQABo1EwTzAL\n"
	"BgNVHQ8EBAMCAYYwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHQ4EFgQUci06AjGQQ7kU\n"
	"BU7h6qfHMdEjiTQwEAYJKwYBBAGCNxUBBAMCAQAwDQYJKoZIhvcNAQELBQADggIB\n"
	"AH9yzw+3xRXbm8BJyiZb/p4T5tPw0tuXX/JLP02zrhmu7deXoKzvqTqjwkGw5biR\n"
	"nhOBJAPmCf0/V0A5ISRW0RAvS0CpNoZLtFNXmvvxfomPEf4YbFGq6O0JlbXlccmh\n"
	"6Yd1phV/yX43VF50k8XDZ8wNT2uoFwxtCJJ+i92Bqi1wIcM9BhS7vyRep4TXPw8h\n"
	"Ir1LAAbblxzYXtTFC1yHblCk6MM4pPvLLMWSZpuFXst6bJN8gClYW1e1QGm6CHmm\n"
	"ZGIVnYeWRbVmIyADixxzoNOieTPgUFmG2y/lAiXqcyqfABTINseSO+lOAOzYVgm5\n"
	"M0kS0lQLAausR7aRKX1MtHWAUgHoyoL2n8ysnI8X6i8msKtyrAv+nlEex0NVZ09R\n"
	"s1fWtuzuUrc66U7h14GIvE+OdbtLqPA1qibUZ2dJsnBMO5PcHd94kIZysjik0dyS\n"
	"TclY6ysSXNQ7roxrsIPlAT/4CTL2kzU0Iq/dNw13CYArzUgA8YyZGUcFAenRv9FO\n"
	"0OYoQzeZpApKCNmacXPSqs0xE2N2oTdvkjgefRI8ZjLny23h/FKJ3crWZgWalmG+\n"
	"oijHHKOnNlA8OqTfSm7mhzvO6/DggTedEzxSjr25HTTGHdUKaj2YKXCMiSrRq4IQ\n"
	"SB/c9O+lxbtVGjhjhE63bK2VVOxlIhBJF7jAHscPrFRH\n"
	"-----END CERTIFICATE-----\n";

static const char pem_ecc_2018[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIDIzCCAqigAwIBAgIQFJgmZtx8zY9AU2d7uZnshTAKBggqhkjOPQQDAzCBlDEL\n"
	"MAkGA1UEBhMCVVMxEzARBgNVBAgTCldhc2hpbmd0b24xEDAOBgNVBAcTB1JlZG1v\n"
	"bmQxHjAcBgNVBAoTFU1pY3Jvc29mdCBDb3Jwb3JhdGlvbjE+MDwGA1UEAxM1TWlj\n"
	"cm9zb2Z0IEVDQyBQcm9kdWN0IFJvb3QgQ2VydGlmaWNhdGUgQXV0aG9yaXR5IDIw\n"
	"MTgwHhcNMTgwMjI3MjA0MjA4WhcNNDMwMjI3MjA1MDQ2WjCBlDELMAkGA1UEBhMC\n"
	"VVMxEzARBgNVBAgTCldhc2hpbmd0b24xEDAOBgNVBAcTB1JlZG1vbmQxHjAcBgNV\n"
	"BAoTFU1pY3Jvc29mdCBDb3Jwb3JhdGlvbjE+MDwGA1UEAxM1TWljcm9zb2Z0IEVD\n"
	"QyBQcm9kdWN0IFJvb3QgQ2VydGlmaWNhdGUgQXV0aG9yaXR5IDIwMTgwdjAQBgcq\n"
	"hkjOPQIBBgUrgQQAIgNiAATHERYqdh1Wjr65YmXUw8608MMw7I9t1245vMhJq6u4\n"
	"40N41YEGXe/HfZ/O1rOQdd4MsJDeI7rI0T5n4BmpG4YxHl80Le4X/RX7fieKMqHq\n"
	"yY/JfhjLLzssSHp9pvQBB6yjgbwwgbkwDgYDVR0PAQH/BAQDAgGGMA8GA1UdEwEB\n"
	"/wQFMAMBAf8wHQYDVR0OBBYEFEPvcIe4nb/siBncxsRrdQ11NDMIMBAGCSsGAQQB\n"
	"gjcVAQQDAgEAMGUGA1UdIAReMFwwBgYEVR0gADBSBgwrBgEEAYI3TIN9AQEwQjBA\n"
	"BggrBgEFBQcCARY0aHR0cDovL3d3dy5taWNyb3NvZnQuY29tL3BraW9wcy9Eb2Nz\n"
	"L1JlcG9zaXRvcnkuaHRtADAKBggqhkjOPQQDAwNpADBmAjEAocBJRF0yVSfMPpBu\n"
	"JSKdJFubUTXHkUlJKqP5b08czd2c4bVXyZ7CIkWbBhVwHEW/AjEAxdMo63LHPrCs\n"
	"Jwl/Yj1geeWS8UUquaUC5GC7/nornGCntZkU8rC+8LsFllZWj8Fo\n"
	"-----END CERTIFICATE-----\n";

static const struct {
	const char *pem;
	size_t len;
	const unsigned char *sha256;
} roots[] = {
	{ pem_2011, sizeof pem_2011 - 1, msroot_sha256 },
	{ pem_ecc_2018, sizeof pem_ecc_2018 - 1, msroot_ecc_sha256 },
};

bool cert_sha256_is(const X509 *cert, const unsigned char want[32])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	return cert && X509_digest(cert, EVP_sha256(), md, &n) == 1 && n == 32 && memcmp(md, want, 32) == 0;
}

size_t msroot_count(void)
{
	return sizeof roots / sizeof roots[0];
}

X509 *msroot_load(size_t i)
{
	BIO *b;
	X509 *c;

	if (i >= msroot_count())
		return NULL;
	b = BIO_new_mem_buf(roots[i].pem, (int)roots[i].len);
	c = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	if (!cert_sha256_is(c, roots[i].sha256)) {
		X509_free(c);
		return NULL;
	}
	return c;
}

bool msroot_is_embedded(const X509 *cert)
{
	for (size_t i = 0; i < msroot_count(); i++)
		if (cert_sha256_is(cert, roots[i].sha256))
			return true;
	return false;
}
