#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Common
import Workflow

/// `spconnect connection delete NAME`.
struct ConnectionDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a connection and its sealed key (asks first, unless --yes).",
        discussion: """
        The sealed private key is removed from store.sqlite (overwritten, the file
        rebuilt) and cannot be recovered; files you exported earlier are not touched.
        The app registration in Entra ID stays: ask the admin to remove the certificate
        (or the app) when it is no longer needed. Without a terminal to ask on, --yes
        is required.

        Examples:
          spconnect connection delete contoso-reports
          spconnect connection delete contoso-reports --yes
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The connection's name (or its request ID).", valueName: "connection"))
    var connection: String

    @Flag(name: .long, help: "Delete without asking.")
    var yes = false

    @Flag(name: .long, help: "Print the deleted connection as one JSON document: {\"deleted\": {…}}.")
    var json = false

    func run() throws {
        let outcome = try DeleteConnection(connection: connection).run(in: global.environment()) { record in
            guard !yes else { return }
            guard isatty(0) != 0 else {
                throw UsageError("connection delete asks before it deletes, and there is no terminal to ask on",
                                 hint: "nothing was changed; to delete \(record.name) and its key, add --yes")
            }
            Console.write("Delete connection \(record.name) (client \(record.clientID)) and its sealed key? This cannot be undone. [y/N] ", to: 2)
            let answer = readLine(strippingNewline: true)?.trimmingWhitespace.lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                Console.out("Nothing was deleted.")
                throw ExitCode.failure
            }
        }
        let deleted = outcome.deleted
        if let problem = outcome.compactionProblem {
            Console.warn("connection \(deleted.name) is deleted, but store.sqlite could not be rebuilt (\(problem)): its free pages may still hold "
                         + "the sealed key (encrypted) until the next delete")
        }
        if json {
            Console.out(JSONValue.members(["deleted": ConnectionSummary(deleted).json]).rendered)
            return
        }
        Console.out("Deleted connection \(deleted.name) and its sealed key. The app registration in Entra ID still has the certificate "
                    + "\(deleted.thumbprintSHA1): ask the admin to remove it when it is no longer needed.")
    }
}
