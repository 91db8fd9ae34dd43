#include "CShims.h"

#include <stdarg.h>
#include <stdlib.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <curl/curl.h>
#include <libesmtp.h>
#include <sys/prctl.h>

long spc_bio_get_mem_data(struct bio_st *bio, const char **data) { return BIO_get_mem_data(bio, (char **)data); }
long spc_ssl_set_tlsext_host_name(struct ssl_st *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }
long spc_ssl_ctx_set_min_proto_version(struct ssl_ctx_st *ctx, int version) { return SSL_CTX_set_min_proto_version(ctx, version); }
long spc_ssl_ctx_set_max_proto_version(struct ssl_ctx_st *ctx, int version) { return SSL_CTX_set_max_proto_version(ctx, version); }
void spc_sk_x509_pop_free(void *stack) { sk_X509_pop_free((STACK_OF(X509) *)stack, X509_free); }

int spc_curl_setopt_long(void *curl, int option, long value) { return curl_easy_setopt(curl, (CURLoption)option, value); }
int spc_curl_setopt_string(void *curl, int option, const char *value) { return curl_easy_setopt(curl, (CURLoption)option, value); }
int spc_curl_setopt_pointer(void *curl, int option, void *value) { return curl_easy_setopt(curl, (CURLoption)option, value); }
int spc_curl_setopt_write_function(void *curl, spc_curl_write_fn function) { return curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, function); }
int spc_curl_getinfo_long(void *curl, int info, long *value) { return curl_easy_getinfo(curl, (CURLINFO)info, value); }
int spc_curl_setopt_ssl_ctx_function(void *curl, spc_curl_ssl_ctx_fn function) { return curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, (curl_ssl_ctx_callback)function); }


struct spc_smtp_event_target { spc_smtp_event_fn function; void *context; };

static void spc_smtp_event_trampoline(smtp_session_t session, int event, void *arg, ...) {
    (void)session;
    struct spc_smtp_event_target *target = arg;
    const char *text = NULL;
    long number = 0;
    int *ok = NULL;
    SSL *ssl = NULL;
    va_list ap;
    va_start(ap, arg);
    switch (event) {
    case SMTP_EV_MAILSTATUS: text = va_arg(ap, const char *); (void)va_arg(ap, smtp_message_t); break;
    case SMTP_EV_RCPTSTATUS: text = va_arg(ap, const char *); (void)va_arg(ap, smtp_recipient_t); break;
    case SMTP_EV_INVALID_PEER_CERTIFICATE: number = va_arg(ap, long); ok = va_arg(ap, int *); ssl = va_arg(ap, SSL *); break;
    case SMTP_EV_NO_PEER_CERTIFICATE: ok = va_arg(ap, int *); break;
    case SMTP_EV_WRONG_PEER_CERTIFICATE: ok = va_arg(ap, int *); text = va_arg(ap, const char *); ssl = va_arg(ap, SSL *); break;
    case SMTP_EV_WEAK_CIPHER: number = va_arg(ap, int); ok = va_arg(ap, int *); break;
    case SMTP_EV_STARTTLS_OK: ssl = va_arg(ap, SSL *); text = va_arg(ap, const char *); number = va_arg(ap, int); break;
    default: break;
    }
    va_end(ap);
    if (ok) *ok = 0;
    target->function(event, target->context, text, number, ok, ssl);
}

int spc_smtp_set_eventcb(struct smtp_session *session, spc_smtp_event_fn function, void *context) {
    /* The target lives as the session's application data and is released with it. */
    struct spc_smtp_event_target *target = calloc(1, sizeof *target);
    if (target == NULL) return 0;
    target->function = function;
    target->context = context;
    smtp_set_application_data_release(session, target, free);
    return smtp_set_eventcb(session, spc_smtp_event_trampoline, target);
}

int spc_prctl_set_not_dumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }
int spc_prctl_get_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }
