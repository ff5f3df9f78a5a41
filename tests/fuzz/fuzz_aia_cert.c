/* What an AIA caIssuers URL served (aia_parse_cert): DER or PEM. */
#include "fuzz.h"
#include "aia.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	X509 *c = aia_parse_cert(data, size);

	X509_free(c);
	return 0;
}
