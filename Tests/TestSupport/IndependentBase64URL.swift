// base64url computed independently of spconnect's own encoder, for checking it.
import Foundation

/// RFC 4648 §5 base64url without padding, through Foundation's base64.
public func foundationBase64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}
