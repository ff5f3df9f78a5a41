#ifndef WUPROBE_VERSION_H
#define WUPROBE_VERSION_H

#include <stdio.h>

#define WUPROBE_VERSION "0.1.0"

/* One line: wuprobe's version and the libcurl, OpenSSL and c-ares this
 * process runs with (curl/7.88.1 style). */
void version_print(FILE *f);

#endif
