#include "COpenSSLShims.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

long spc_bio_get_mem_data(struct bio_st *bio, const char **data) { return BIO_get_mem_data(bio, (char **)data); }
long spc_ssl_set_tlsext_host_name(struct ssl_st *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }
long spc_ssl_ctx_set_min_proto_version(struct ssl_ctx_st *ctx, int version) { return SSL_CTX_set_min_proto_version(ctx, version); }
long spc_ssl_ctx_set_max_proto_version(struct ssl_ctx_st *ctx, int version) { return SSL_CTX_set_max_proto_version(ctx, version); }
void spc_sk_x509_pop_free(void *stack) { sk_X509_pop_free((STACK_OF(X509) *)stack, X509_free); }
