import Common

/// The error of the `Entra` module (clouds, permission profiles, tokens and SharePoint
/// calls): the one ``SpconnectError``, with the codes of ``ErrorDomain/entra``
/// (`ErrorCode+Entra.swift`) and the facts of `ErrorFact+Entra.swift`.
///
/// Its ``SpconnectError/facts`` say who must act (`actor`) and which AADSTS code Entra
/// answered (`aadsts`). No message ever contains a private key, a client assertion or an
/// access token.
public typealias EntraError = SpconnectError
