/*
 * CESMTPShims: libESMTP's event callback is variadic, so Swift receives it
 * through this trampoline. For Mail alone.
 *
 * The library types are declared opaque so this header does not re-export
 * libESMTP's or OpenSSL's headers. The connection's SSL reaches Swift as an
 * OpaquePointer that Mail hands, untouched, to OpenSSLSupport.
 */
#ifndef SPCONNECT_CESMTPSHIMS_H
#define SPCONNECT_CESMTPSHIMS_H

struct ssl_st;
struct smtp_session;

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

#endif
