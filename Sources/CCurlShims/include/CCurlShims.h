/*
 * CCurlShims: curl_easy_setopt() and curl_easy_getinfo() are variadic, so
 * Swift calls them through these one-line functions. For Entra (HTTPS) and Mail
 * (SMTP with XOAUTH2 or implicit TLS), the two modules that may import libcurl.
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

/* CURLOPT_DEBUGFUNCTION: every command sent and reply line read (with CURLOPT_VERBOSE). */
typedef int (*spc_curl_debug_fn)(void *curl, int type, char *data, size_t size, void *context);
int spc_curl_setopt_debug_function(void *curl, spc_curl_debug_fn function);
/* CURLOPT_READFUNCTION: the message's bytes, on request. */
typedef size_t (*spc_curl_read_fn)(char *buffer, size_t size, size_t count, void *context);
int spc_curl_setopt_read_function(void *curl, spc_curl_read_fn function);
/* CURLOPT_SOCKOPTFUNCTION: the socket, once made and before it connects. */
typedef int (*spc_curl_sockopt_fn)(void *context, int socket, int purpose);
int spc_curl_setopt_sockopt_function(void *curl, spc_curl_sockopt_fn function);
/* CURLOPT_MAIL_RCPT_ALLOWFAILS (spelt ALLLOWFAILS before libcurl 8.2.0, same option). */
int spc_curl_setopt_mail_rcpt_allowfails(void *curl, long allow);
/* The value a read callback returns to abort the transfer (CURL_READFUNC_ABORT). */
size_t spc_curl_readfunc_abort(void);

#endif
