// Where the tests find the repository's own files (scripts/, templates/, test fixtures):
// the one place that knows this file's position in the package.
import Foundation

/// The package's root folder (…/Tests/TestSupport/PackageRoot.swift → …).
public let packageRoot: String = packageRootURL.path

/// The package's root folder as a file URL.
public let packageRootURL: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The full path of `relative` (e.g. `scripts/mail_check.py`) in the package.
public func packagePath(_ relative: String) -> String { packageRoot + "/" + relative }

/// The full path of one of the repository's `scripts/`.
public func scriptPath(_ name: String) -> String { packagePath("scripts/" + name) }

/// The reply corpus made by `scripts/make_reply_corpus.py` (RepliesTests/Fixtures), which the
/// Replies, Import and CLI tests share.
public let replyCorpusFolder: URL = packageRootURL.appendingPathComponent("Tests/RepliesTests/Fixtures")
