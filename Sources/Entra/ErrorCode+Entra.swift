import Common

extension ErrorCode {
    /// A cloud name that is not one of ``Cloud``'s.
    public static let unknownCloud = ErrorCode(.entra, "unknownCloud")
    /// A permission profile name that is not one of ``PermissionProfile``'s.
    public static let unknownProfile = ErrorCode(.entra, "unknownProfile")
    /// A site role name that is not one of ``SiteRole``'s.
    public static let unknownRole = ErrorCode(.entra, "unknownRole")
    /// A value (a site address, an API target, an authority host, an URL) that cannot be used;
    /// the fact ``ErrorFact/check`` says which rule refused it.
    public static let invalidValue = ErrorCode(.entra, "invalidValue")

    // The transport (libcurl).
    /// The host name did not resolve.
    public static let hostNotFound = ErrorCode(.entra, "hostNotFound")
    /// The proxy named by the environment did not resolve or refused the connection.
    public static let proxyFailed = ErrorCode(.entra, "proxyFailed")
    /// Nothing listens, or the connection was closed before an answer.
    public static let connectionFailed = ErrorCode(.entra, "connectionFailed")
    /// No complete answer within the timeout.
    public static let timeout = ErrorCode(.entra, "timeout")
    /// TLS failed: the server's certificate is not trusted, or names another host.
    public static let tlsFailure = ErrorCode(.entra, "tlsFailure")
    /// The CA file given for HTTPS cannot be read or holds no certificate.
    public static let caFileUnreadable = ErrorCode(.entra, "caFileUnreadable")
    /// Any other transport failure.
    public static let transportFailed = ErrorCode(.entra, "transportFailed")

    // The token endpoint (Microsoft Entra ID).
    /// AADSTS700016: no application with this client ID in the tenant.
    public static let applicationNotFound = ErrorCode(.entra, "applicationNotFound")
    /// AADSTS700027: the certificate is not on the app registration (or its thumbprint differs).
    public static let certificateNotRegistered = ErrorCode(.entra, "certificateNotRegistered")
    /// AADSTS7000215: Entra rejected the credential itself.
    public static let credentialInvalid = ErrorCode(.entra, "credentialInvalid")
    /// AADSTS7000222: the credential on the app registration has expired.
    public static let credentialExpired = ErrorCode(.entra, "credentialExpired")
    /// AADSTS90002: no such tenant (in this cloud).
    public static let tenantNotFound = ErrorCode(.entra, "tenantNotFound")
    /// AADSTS65001: admin consent has not been granted.
    public static let consentMissing = ErrorCode(.entra, "consentMissing")
    /// AADSTS500011: the resource (the SharePoint host) is not in the tenant.
    public static let resourceNotFound = ErrorCode(.entra, "resourceNotFound")
    /// AADSTS700024: the assertion is outside its valid time range (a clock is wrong).
    public static let assertionTimeRange = ErrorCode(.entra, "assertionTimeRange")
    /// AADSTS50012 (and kin): the assertion's audience is not this token endpoint.
    public static let audienceMismatch = ErrorCode(.entra, "audienceMismatch")
    /// Another refusal from the token endpoint.
    public static let tokenRefused = ErrorCode(.entra, "tokenRefused")
    /// An answer that is not the JSON it should be.
    public static let malformedResponse = ErrorCode(.entra, "malformedResponse")

    // SharePoint.
    /// SharePoint answered 401: it does not accept the token.
    public static let sharePointUnauthorized = ErrorCode(.entra, "sharePointUnauthorized")
    /// SharePoint answered 403: the app has no access to this site.
    public static let sharePointForbidden = ErrorCode(.entra, "sharePointForbidden")
    /// SharePoint answered 404: no such site.
    public static let siteNotFound = ErrorCode(.entra, "siteNotFound")
    /// Any other SharePoint failure.
    public static let sharePointFailed = ErrorCode(.entra, "sharePointFailed")

    // Microsoft Graph (renewal: addKey and removeKey).
    /// Graph answered 401: it does not accept the token, or the proof of possession.
    public static let graphUnauthorized = ErrorCode(.entra, "graphUnauthorized")
    /// Graph answered 403: a policy (the tenant's app management policy) or a permission refuses the change.
    public static let graphForbidden = ErrorCode(.entra, "graphForbidden")
    /// Graph answered 400: it refuses the key credential or the request (a lifetime over a year, a bad proof).
    public static let graphBadRequest = ErrorCode(.entra, "graphBadRequest")
    /// Graph answered 404: no such application, or no key with that keyId.
    public static let graphNotFound = ErrorCode(.entra, "graphNotFound")
    /// Any other Graph failure (5xx, 429…).
    public static let graphFailed = ErrorCode(.entra, "graphFailed")
    // Azure Key Vault.
    /// Key Vault answered 401: it does not accept the access token (expired, for another
    /// resource or tenant, or none).
    public static let keyVaultUnauthorized = ErrorCode(.entra, "keyVaultUnauthorized")
    /// Key Vault answered 403: the caller may not import certificates into this vault (its
    /// access policy or Azure role, or its firewall).
    public static let keyVaultForbidden = ErrorCode(.entra, "keyVaultForbidden")
    /// Key Vault answered 409: the certificate name is in conflict, such as a deleted
    /// certificate of that name kept by soft delete.
    public static let keyVaultConflict = ErrorCode(.entra, "keyVaultConflict")
    /// Key Vault answered 400: it refused the request (the certificate, the policy, the name).
    public static let keyVaultRejected = ErrorCode(.entra, "keyVaultRejected")
    /// Any other Key Vault failure.
    public static let keyVaultFailed = ErrorCode(.entra, "keyVaultFailed")
}
