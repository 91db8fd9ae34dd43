internal import CESMTP

/// libESMTP's SASL client context (`auth_context_t`), owned and freed here.
///
/// Only PLAIN and LOGIN are used; libESMTP refuses them unless AUTH_PLUGIN_PLAIN is
/// set. The user name and password come from the session's monitor through a
/// non-capturing callback, and only once TLS is up.
final class SASLClient {
    let pointer: auth_context_t

    /// `auth_client_init()` once per process (it loads the SASL plug-ins).
    private static let initialised: Bool = {
        auth_client_init()
        return true
    }()

    init(monitor: SMTPSessionMonitor) throws(MailError) {
        _ = Self.initialised
        guard let context = auth_create_context() else {
            throw MailError(.authenticationUnavailable, "libESMTP cannot create a SASL context")
        }
        pointer = context
        auth_set_mechanism_flags(context, UInt32(AUTH_PLUGIN_PLAIN), 0)
        auth_set_interact_cb(context, { requests, results, fields, argument in
            guard let argument else { return 0 }
            let monitor = Unmanaged<SMTPSessionMonitor>.fromOpaque(argument).takeUnretainedValue()
            return monitor.interact(requests, results, fields)
        }, Unmanaged.passUnretained(monitor).toOpaque())
    }

    deinit { auth_destroy_context(pointer) }
}
