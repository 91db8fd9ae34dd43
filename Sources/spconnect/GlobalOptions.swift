import ArgumentParser
import Vault

/// Options every store command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The home folder (default: SPCONNECT_HOME, else $XDG_DATA_HOME/spconnect or ~/.local/share/spconnect).", valueName: "dir"))
    var home: String?

    /// The resolved home folder.
    var location: StoreLocation { StoreLocation.resolve(home: home) }

    /// Opens the existing store; warns when its permissions are too open.
    func openStore() throws -> Store {
        let store = try Store.open(at: location)
        if let problem = store.permissionProblem() {
            Console.warn(problem.reason + (problem.hint.map { " (\($0))" } ?? ""))
        }
        return store
    }
}
