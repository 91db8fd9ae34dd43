/*
 * CShims: one-line C functions for what Swift cannot call directly
 * (variadic functions, function-like macros, and libESMTP's variadic
 * event callback). Nothing else belongs here.
 *
 * The library types are declared opaque so this header does not re-export
 * the libraries' own headers; Swift sees them as OpaquePointer, exactly as it
 * does through COpenSSL, CCurl and CESMTP.
 */
#ifndef SPCONNECT_CSHIMS_H
#define SPCONNECT_CSHIMS_H

#include <stddef.h>

struct bio_st;
struct ssl_st;
struct ssl_ctx_st;
struct smtp_session;
struct smtp_message;

/* ---- OpenSSL: function-like macros ---- */

/* BIO_get_mem_data(): the bytes held by a memory BIO; returns their count. */
long spc_bio_get_mem_data(struct bio_st *bio, const char **data);
/* SSL_set_tlsext_host_name(): sets SNI on a connection. */
long spc_ssl_set_tlsext_host_name(struct ssl_st *ssl, const char *name);
/* SSL_CTX_set_min_proto_version() / SSL_CTX_set_max_proto_version(). */
long spc_ssl_ctx_set_min_proto_version(struct ssl_ctx_st *ctx, int version);
long spc_ssl_ctx_set_max_proto_version(struct ssl_ctx_st *ctx, int version);
/* sk_X509_pop_free(stack, X509_free). */
void spc_sk_x509_pop_free(void *stack);

/* ---- libcurl: curl_easy_setopt() and curl_easy_getinfo() are variadic ---- */

int spc_curl_setopt_long(void *curl, int option, long value);
int spc_curl_setopt_string(void *curl, int option, const char *value);
int spc_curl_setopt_pointer(void *curl, int option, void *value);
typedef size_t (*spc_curl_write_fn)(char *data, size_t size, size_t count, void *context);
int spc_curl_setopt_write_function(void *curl, spc_curl_write_fn function);
int spc_curl_getinfo_long(void *curl, int info, long *value);
/* CURLOPT_SSL_CTX_FUNCTION: called with the OpenSSL SSL_CTX before each handshake. */
typedef int (*spc_curl_ssl_ctx_fn)(void *curl, void *ssl_ctx, void *context);
int spc_curl_setopt_ssl_ctx_function(void *curl, spc_curl_ssl_ctx_fn function);

/* ---- libESMTP: smtp_set_header() and the event callback are variadic ---- */


/*
 * A non-variadic event callback. The trampoline reads the event's variadic
 * arguments as libESMTP 1.1 passes them (protocol.c, smtp-tls.c) and hands on
 * what spconnect uses:
 *  - text: the mailbox for SMTP_EV_MAILSTATUS (mailbox, message) and
 *    SMTP_EV_RCPTSTATUS (mailbox, recipient: the mailbox comes FIRST), the
 *    certificate's name for SMTP_EV_WRONG_PEER_CERTIFICATE (ok, name, ssl), the
 *    cipher for SMTP_EV_STARTTLS_OK (ssl, cipher, bits); else NULL;
 *  - number: the verify result for SMTP_EV_INVALID_PEER_CERTIFICATE (verify, ok,
 *    ssl), the key bits for SMTP_EV_WEAK_CIPHER (bits, ok) and SMTP_EV_STARTTLS_OK;
 *    else 0;
 *  - ok: the "accept anyway?" flag libESMTP asks the application to set for
 *    certificate and cipher events (NULL for other events). The trampoline
 *    sets *ok = 0 before calling, so the default is always to refuse;
 *  - ssl: the connection's SSL for SMTP_EV_STARTTLS_OK,
 *    SMTP_EV_INVALID_PEER_CERTIFICATE and SMTP_EV_WRONG_PEER_CERTIFICATE, else NULL.
 */
typedef void (*spc_smtp_event_fn)(int event, void *context, const char *text, long number, int *ok, struct ssl_st *ssl);
int spc_smtp_set_eventcb(struct smtp_session *session, spc_smtp_event_fn function, void *context);

/* ---- Linux: prctl() is variadic ---- */

/* prctl(PR_SET_DUMPABLE, 0): no core dump, no ptrace by the same user; 0 on success. */
int spc_prctl_set_not_dumpable(void);
/* prctl(PR_GET_DUMPABLE): 1 when dumpable, 0 when not. */
int spc_prctl_get_dumpable(void);

#endif
