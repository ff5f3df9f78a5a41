/* The sockets libcurl opens (sockopen.h). */
#include "sockopen.h"

#include <errno.h>
#include <sys/socket.h>

#include "ares_util.h"     /* local_resource_errno */

curl_socket_t sockopen_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *a)
{
	int *local_errno = clientp;
	curl_socket_t s = socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);

	(void)purpose;
	if (s == CURL_SOCKET_BAD && local_resource_errno(errno))
		*local_errno = errno;
	return s;
}
