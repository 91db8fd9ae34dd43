// Where the tests find their Python and the Azure CLI: the virtual environment that
// `scripts/deps.sh test` makes in the build folder (Debian's python3 with its site packages,
// plus the PyPI packages the tests use and azure-cli).

/// The test virtual environment, `<package>/.build/venv`.
public let testVirtualEnvironment = packageRoot + "/.build/venv"

/// The tests' Python: the virtual environment's, which also sees Debian's python3-aiosmtpd
/// and python3-cryptography.
public let testPython = testVirtualEnvironment + "/bin/python3"

/// The real Azure CLI (PyPI `azure-cli`), installed into the virtual environment.
public let azureCLI = testVirtualEnvironment + "/bin/az"
