/*
 * CShims: the Linux process calls Swift cannot make directly, for the executable's
 * process hardening, for `spconnect exec` and for token commands: prctl() is variadic; memfd_create, the
 * memfd seals and posix_spawn_file_actions_addclosefrom_np are declared only under
 * _GNU_SOURCE, which Swift's Glibc module does not define; a signal handler that relays
 * the signal's number to a pipe must be async-signal-safe, which only C can promise, and
 * a signal's current action is a union Swift reads awkwardly (spc_signal_ignored).
 * Nothing else belongs here: the OpenSSL shims are COpenSSLShims (used by OpenSSLSupport
 * alone), the libcurl ones CCurlShims (Entra), the libESMTP ones CESMTPShims (Mail).
 */
#ifndef SPCONNECT_CSHIMS_H
#define SPCONNECT_CSHIMS_H

#include <spawn.h>

/* prctl(PR_SET_DUMPABLE, 0): no core dump, no ptrace by the same user; 0 on success. */
int spc_prctl_set_not_dumpable(void);
/* prctl(PR_GET_DUMPABLE): 1 when dumpable, 0 when not. */
int spc_prctl_get_dumpable(void);

/* memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING): an anonymous memory file; -1 and errno on failure
   (always -1 with ENOSYS where the system has no memfd_create). */
int spc_memfd_create(const char *name);
/* fcntl(F_ADD_SEALS): no more writing, growing, shrinking or sealing; 0 on success. */
int spc_memfd_seal(int fd);
/* posix_spawn_file_actions_addclosefrom_np(actions, from): the child closes every descriptor >= from. */
int spc_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);

/* Installs, for each of the count signals, a handler that writes two bytes to fd (a
   non-blocking pipe): the signal's number, then 1 when the kernel sent it (a terminal's
   ^C, its hang-up) or 0 when a process did (kill). The previous actions are kept. 0 on success. */
int spc_signal_relay_start(int fd, const int *signals, int count);
/* Puts back the actions spc_signal_relay_start replaced. */
void spc_signal_relay_stop(const int *signals, int count);
/* 1 when signal's action is SIG_IGN (as under nohup), else 0. */
int spc_signal_ignored(int signal);

#endif
