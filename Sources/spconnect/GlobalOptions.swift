#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Common
import Workflow

/// Options every store command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The home folder (default: SPCONNECT_HOME, else $XDG_DATA_HOME/spconnect or ~/.local/share/spconnect).", valueName: "dir"))
    var home: String?

    /// What every use case runs in, built from the process's environment and `--home`:
    /// the one place the command line reads environment variables. Under `json`, notices
    /// that only report progress are left out.
    func environment(json: Bool = false) -> Environment {
        Self.environment(home: home, json: json)
    }

    /// The environment of a command with the home folder `home` (nil for the commands
    /// without `--home`, such as `cert new`).
    static func environment(home: String?, json: Bool = false) -> Environment {
        Environment(home: home, variables: .process, standardOutputIsTerminal: isatty(1) != 0,
                    writeStandardOutput: { Console.write(bytes: $0, to: 1) },
                    notify: { notice in
                        if json && notice.isProgress { return }
                        Console.notice(notice, home: home)
                    })
    }
}
