#include "CESMTPShims.h"

#include <stdarg.h>
#include <stdlib.h>
#include <libesmtp.h>

struct spc_smtp_event_target { spc_smtp_event_fn function; void *context; };

static void spc_smtp_event_trampoline(smtp_session_t session, int event, void *arg, ...) {
    (void)session;
    struct spc_smtp_event_target *target = arg;
    const char *text = NULL;
    long number = 0;
    int *ok = NULL;
    struct ssl_st *ssl = NULL;
    va_list ap;
    va_start(ap, arg);
    switch (event) {
    case SMTP_EV_MAILSTATUS: text = va_arg(ap, const char *); (void)va_arg(ap, smtp_message_t); break;
    case SMTP_EV_RCPTSTATUS: text = va_arg(ap, const char *); (void)va_arg(ap, smtp_recipient_t); break;
    case SMTP_EV_INVALID_PEER_CERTIFICATE: number = va_arg(ap, long); ok = va_arg(ap, int *); ssl = va_arg(ap, struct ssl_st *); break;
    case SMTP_EV_NO_PEER_CERTIFICATE: ok = va_arg(ap, int *); break;
    case SMTP_EV_WRONG_PEER_CERTIFICATE: ok = va_arg(ap, int *); text = va_arg(ap, const char *); ssl = va_arg(ap, struct ssl_st *); break;
    case SMTP_EV_WEAK_CIPHER: number = va_arg(ap, int); ok = va_arg(ap, int *); break;
    case SMTP_EV_STARTTLS_OK: ssl = va_arg(ap, struct ssl_st *); text = va_arg(ap, const char *); number = va_arg(ap, int); break;
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
