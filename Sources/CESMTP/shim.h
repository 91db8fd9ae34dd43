#ifndef SPCONNECT_CESMTP_SHIM_H
#define SPCONNECT_CESMTP_SHIM_H
/* libESMTP declares smtp_starttls_set_ctx() only when <openssl/ssl.h> came first,
   and smtp_auth_set_context() only when <auth-client.h> came first. */
#include <openssl/ssl.h>
#include <auth-client.h>
#include <libesmtp.h>
#endif
