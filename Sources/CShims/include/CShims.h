/*
 * CShims: the Linux process calls Swift cannot make directly (prctl() is
 * variadic), for the executable's process hardening. Nothing else belongs here:
 * the OpenSSL shims are COpenSSLShims (used by OpenSSLSupport alone), the
 * libcurl ones CCurlShims (Entra), the libESMTP ones CESMTPShims (Mail).
 */
#ifndef SPCONNECT_CSHIMS_H
#define SPCONNECT_CSHIMS_H

/* prctl(PR_SET_DUMPABLE, 0): no core dump, no ptrace by the same user; 0 on success. */
int spc_prctl_set_not_dumpable(void);
/* prctl(PR_GET_DUMPABLE): 1 when dumpable, 0 when not. */
int spc_prctl_get_dumpable(void);

#endif
