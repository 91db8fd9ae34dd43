/// spconnect's version: `--version`, and the User-Agent of its HTTPS calls.
public enum SpconnectVersion {
    public static let string = "0.1.0"
}
