/* What --version prints: wuprobe's version and the libraries it runs with,
 * as they report themselves at run time (not the headers it was built
 * against), in curl's "name/version" style. */
#include "version.h"

#include <ares.h>
#include <curl/curl.h>
#include <openssl/crypto.h>
#include <stdio.h>

void version_print(FILE *f)
{
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);

	/* OpenSSL's own version, not the one libcurl names: the same library
	 * in Debian, and this is the one that verifies the chains. */
	fprintf(f, "wuprobe %s libcurl/%s OpenSSL/%s c-ares/%s\n", WUPROBE_VERSION,
		cv && cv->version ? cv->version : "?", OpenSSL_version(OPENSSL_VERSION_STRING), ares_version(NULL));
}
