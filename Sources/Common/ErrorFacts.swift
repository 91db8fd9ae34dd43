/// The facts of a ``SpconnectError`` that the command line turns into what to do next.
/// None of them is hint text, and none names a command-line flag.
public struct ErrorFacts: Sendable, Equatable {
    /// Who must act to fix a failure.
    public enum Actor: String, Sendable {
        /// The person running spconnect.
        case you
        /// The tenant administrator who made the app registration.
        case admin
    }

    /// Who must act, when that is known.
    public var actor: Actor?
    /// The AADSTS code Microsoft Entra ID answered with.
    public var aadsts: Int?
    /// Whether the same operation may succeed later without any change (a 4xx SMTP reply,
    /// a timeout, a dropped connection).
    public var isTemporary: Bool
    /// The server's reply that decided the failure, filtered for the terminal.
    public var serverReply: String?
    /// The recipients an SMTP server refused.
    public var refusedRecipients: [RefusedRecipient]
    /// The SMTP dialogue (AUTH lines redacted), when the settings asked for it.
    public var transcript: [String]
    /// Named values a hint may quote: a folder, a host, a setting's name, a limit.
    public var values: [ErrorFact: String]
    /// Texts that name a command-line option, by key, for the command line to spell: the
    /// error's own detail (``ErrorFact/detail``) and location (``ErrorFact/location``), or a
    /// value a hint quotes. The plain text (``OptionText/plain``) is in the detail, the
    /// location or ``values``.
    public var worded: [ErrorFact: OptionText] = [:]

    public init(actor: Actor? = nil, aadsts: Int? = nil, isTemporary: Bool = false, serverReply: String? = nil,
                refusedRecipients: [RefusedRecipient] = [], transcript: [String] = [], values: [ErrorFact: String] = [:]) {
        self.actor = actor
        self.aadsts = aadsts
        self.isTemporary = isTemporary
        self.serverReply = serverReply
        self.refusedRecipients = refusedRecipients
        self.transcript = transcript
        self.values = values
    }

    /// Keeps `text` as the value named `fact`: plain in ``values``, and in ``worded`` when it names an option.
    public mutating func set(_ fact: ErrorFact, _ text: OptionText) {
        values[fact] = text.plain
        worded[fact] = text.namesOption ? text : nil
    }

    /// The value named `fact`, if the error carries it.
    public subscript(_ fact: ErrorFact) -> String? {
        get { values[fact] }
        set { values[fact] = newValue }
    }
}
