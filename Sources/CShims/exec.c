#define _GNU_SOURCE
#include "CShims.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

int spc_memfd_create(const char *name) {
#if defined(__linux__)
    return memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
#else
    (void)name;
    errno = ENOSYS;
    return -1;
#endif
}

int spc_memfd_seal(int fd) {
#if defined(__linux__)
    return fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
#else
    (void)fd;
    errno = ENOSYS;
    return -1;
#endif
}

int spc_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
#else
    (void)actions; (void)from;
    return ENOSYS;
#endif
}

static volatile int relay_fd = -1;
static struct sigaction relay_saved[NSIG];

static void relay(int signal, siginfo_t *info, void *context) {
    (void)context;
    int saved = errno;
    unsigned char message[2] = { (unsigned char)signal, (unsigned char)(info != NULL && info->si_code == SI_KERNEL) };
    (void)!write(relay_fd, message, sizeof message);
    errno = saved;
}

int spc_signal_relay_start(int fd, const int *signals, int count) {
    relay_fd = fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = relay;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < count; i++) {
        if (signals[i] <= 0 || signals[i] >= NSIG || sigaction(signals[i], &action, &relay_saved[signals[i]]) != 0) return -1;
    }
    return 0;
}

void spc_signal_relay_stop(const int *signals, int count) {
    for (int i = 0; i < count; i++) {
        if (signals[i] > 0 && signals[i] < NSIG) sigaction(signals[i], &relay_saved[signals[i]], NULL);
    }
}

int spc_signal_ignored(int signal) {
    struct sigaction current;
    if (sigaction(signal, NULL, &current) != 0) return 0;
    return (current.sa_flags & SA_SIGINFO) == 0 && current.sa_handler == SIG_IGN;
}
