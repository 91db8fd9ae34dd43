#ifndef SPCONNECT_CESMTP_SHIM_H
#define SPCONNECT_CESMTP_SHIM_H
/* libESMTP declares smtp_starttls_set_ctx() only when <openssl/ssl.h> came first
   (it tests SSL_SESSION_ASN1_VERSION), and smtp_auth_set_context() only when
   <auth-client.h> came first. Only OpenSSL's SSL_CTX type is needed, so it is
   declared opaque here and the symbol defined as OpenSSL defines it: OpenSSL's
   functions stay out of this module (OpenSSLSupport is the one way to them). */
typedef struct ssl_ctx_st SSL_CTX;
#ifndef SSL_SESSION_ASN1_VERSION
# define SSL_SESSION_ASN1_VERSION 0x0001
#endif
#include <stddef.h>
#include <auth-client.h>
#include <libesmtp.h>
#endif
