import Common

/// The error type of the `Entra` module: clouds, permission profiles, tokens and SharePoint calls.
///
/// Equality is the error's ``code``, so a test can build the expected error directly.
/// No message ever contains a private key, a client assertion or an access token.
public struct EntraError: CodedError {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        case unknownCloud
        case unknownProfile
        case unknownRole
        case invalidValue

        // The transport (libcurl).
        /// The host name did not resolve.
        case hostNotFound
        /// The proxy named by the environment did not resolve or refused the connection.
        case proxyFailed
        /// Nothing listens, or the connection was closed before an answer.
        case connectionFailed
        /// No complete answer within the timeout.
        case timeout
        /// TLS failed: the server's certificate is not trusted, or names another host.
        case tlsFailure
        /// `--ca-file` cannot be read or holds no certificate.
        case caFileUnreadable
        /// Any other transport failure.
        case transportFailed

        // The token endpoint (Microsoft Entra ID).
        /// AADSTS700016: no application with this client ID in the tenant.
        case applicationNotFound
        /// AADSTS700027: the certificate is not on the app registration (or its thumbprint differs).
        case certificateNotRegistered
        /// AADSTS7000215: Entra rejected the credential itself.
        case credentialInvalid
        /// AADSTS7000222: the credential on the app registration has expired.
        case credentialExpired
        /// AADSTS90002: no such tenant (in this cloud).
        case tenantNotFound
        /// AADSTS65001: admin consent has not been granted.
        case consentMissing
        /// AADSTS500011: the resource (the SharePoint host) is not in the tenant.
        case resourceNotFound
        /// AADSTS700024: the assertion is outside its valid time range (a clock is wrong).
        case assertionTimeRange
        /// AADSTS50012 (and kin): the assertion's audience is not this token endpoint.
        case audienceMismatch
        /// Another refusal from the token endpoint.
        case tokenRefused
        /// An answer that is not the JSON it should be.
        case malformedResponse

        // SharePoint.
        /// SharePoint answered 401: it does not accept the token.
        case sharePointUnauthorized
        /// SharePoint answered 403: the app has no access to this site.
        case sharePointForbidden
        /// SharePoint answered 404: no such site.
        case siteNotFound
        /// Any other SharePoint failure.
        case sharePointFailed
    }

    /// Who must act to fix a failure.
    public enum Actor: String, Sendable {
        /// The person running spconnect.
        case you
        /// The tenant administrator who made the app registration.
        case admin
    }

    /// What kind of failure this is; equality compares it alone.
    public let code: Code
    /// One line on what went wrong, naming the value concerned.
    public let reason: String
    /// What to do next, and whom to send what.
    public let hint: String?
    /// Who must act, when that is known.
    public let actor: Actor?
    /// The AADSTS code Entra answered with, when there was one.
    public let aadsts: Int?

    /// Makes an error; `actor` says who must act, `aadsts` the code Entra answered.
    public init(_ code: Code, _ reason: String, hint: String? = nil, actor: Actor? = nil, aadsts: Int? = nil) {
        self.code = code
        self.reason = reason
        self.hint = hint
        self.actor = actor
        self.aadsts = aadsts
    }
}
