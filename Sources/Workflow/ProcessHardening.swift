#if canImport(Glibc)
import Glibc
#endif
internal import CShims

/// What the process does first: no core dump and no ptrace by other processes of the
/// same user (`PR_SET_DUMPABLE` 0), and a core size limit of 0 (`RLIMIT_CORE`), so a crash
/// or SIGQUIT while a key or passphrase is in memory writes nothing to disk.
public enum ProcessHardening {
    /// Applies both, before anything else runs (the first line of `main`).
    public static func apply() {
        _ = spc_prctl_set_not_dumpable()
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
    }
}
