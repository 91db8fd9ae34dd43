/*
 * COpenSSLShims: OpenSSL's function-like macros as C functions, for
 * OpenSSLSupport, the one Swift module that calls OpenSSL.
 *
 * The library types are declared opaque so this header does not re-export
 * OpenSSL's own headers; Swift sees them as OpaquePointer, exactly as it does
 * through COpenSSL.
 */
#ifndef SPCONNECT_COPENSSLSHIMS_H
#define SPCONNECT_COPENSSLSHIMS_H

struct bio_st;
struct ssl_st;
struct ssl_ctx_st;

/* BIO_get_mem_data(): the bytes held by a memory BIO; returns their count. */
long spc_bio_get_mem_data(struct bio_st *bio, const char **data);
/* SSL_set_tlsext_host_name(): sets SNI on a connection. */
long spc_ssl_set_tlsext_host_name(struct ssl_st *ssl, const char *name);
/* SSL_CTX_set_min_proto_version() / SSL_CTX_set_max_proto_version(). */
long spc_ssl_ctx_set_min_proto_version(struct ssl_ctx_st *ctx, int version);
long spc_ssl_ctx_set_max_proto_version(struct ssl_ctx_st *ctx, int version);
/* sk_X509_pop_free(stack, X509_free). */
void spc_sk_x509_pop_free(void *stack);

#endif
