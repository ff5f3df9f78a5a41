/* The sockets libcurl opens for every handle of an endpoint (the exchange,
 * the TLS 1.3 handshake, the AIA fetch): made here so that one this machine
 * could not make (descriptors, memory) is told apart from the network's
 * refusal. A leaf. */
#ifndef WUPROBE_SOCKOPEN_H
#define WUPROBE_SOCKOPEN_H

#include <curl/curl.h>

/* A CURLOPT_OPENSOCKETFUNCTION: CLIENTP is an int that gets the errno of a
 * socket this machine could not make for want of resources (EMFILE,
 * ENFILE, ENOBUFS, ENOMEM), and is left alone otherwise. */
curl_socket_t sockopen_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *addr);

#endif
