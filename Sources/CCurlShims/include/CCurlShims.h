/*
 * CCurlShims: curl_easy_setopt() and curl_easy_getinfo() are variadic, so
 * Swift calls them through these one-line functions. For Entra alone.
 */
#ifndef SPCONNECT_CCURLSHIMS_H
#define SPCONNECT_CCURLSHIMS_H

#include <stddef.h>

int spc_curl_setopt_long(void *curl, int option, long value);
int spc_curl_setopt_string(void *curl, int option, const char *value);
int spc_curl_setopt_pointer(void *curl, int option, void *value);
typedef size_t (*spc_curl_write_fn)(char *data, size_t size, size_t count, void *context);
int spc_curl_setopt_write_function(void *curl, spc_curl_write_fn function);
int spc_curl_getinfo_long(void *curl, int info, long *value);
/* CURLOPT_SSL_CTX_FUNCTION: called with the TLS library's context (an OpenSSL
   SSL_CTX, passed on untouched to OpenSSLSupport) before each handshake. */
typedef int (*spc_curl_ssl_ctx_fn)(void *curl, void *ssl_ctx, void *context);
int spc_curl_setopt_ssl_ctx_function(void *curl, spc_curl_ssl_ctx_fn function);

#endif
