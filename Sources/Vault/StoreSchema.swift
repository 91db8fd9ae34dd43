import GRDB

/// The store's schema, one migration per version. Migrations only add; a store written
/// by a newer spconnect (with migrations this one does not know) is refused.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "meta") { table in
                table.column("key", .text).primaryKey()
                table.column("value", .blob).notNull()
            }
            try db.create(table: "requests") { table in
                table.column("id", .text).primaryKey()
                table.column("tenant", .text).notNull()
                table.column("cloud", .text).notNull()
                table.column("admins", .text).notNull()
                table.column("requester", .text).notNull()
                table.column("sites", .text).notNull()
                table.column("permission", .text).notNull()
                table.column("siteRole", .text).notNull()
                table.column("api", .text).notNull()
                table.column("appName", .text).notNull()
                table.column("certificate", .blob).notNull()
                table.column("thumbprint", .text).notNull()
                table.column("notAfter", .datetime).notNull()
                table.column("sealedKey", .blob)
                table.column("sealedConnectionKey", .blob)
                table.column("status", .text).notNull()
                    .check(sql: "status IN ('drafted','sent','failed','fulfilled','cancelled')")
                table.column("messageID", .text)
                table.column("lastError", .text)
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
                table.column("sentAt", .datetime)
            }
            try db.create(table: "connections") { table in
                table.column("id", .text).primaryKey()
                table.column("name", .text).notNull().unique()
                table.column("tenantID", .text).notNull()
                table.column("tenantDomain", .text)
                table.column("clientID", .text).notNull()
                table.column("cloud", .text).notNull()
                table.column("sites", .text).notNull()
                table.column("permission", .text).notNull()
                table.column("siteRole", .text).notNull()
                table.column("appName", .text).notNull()
                table.column("certificate", .blob).notNull()
                table.column("sealedKey", .blob).notNull()
                table.column("thumbprintSHA1", .text).notNull()
                table.column("thumbprintSHA256", .text).notNull()
                table.column("notAfter", .datetime).notNull()
                table.column("requestID", .text).references("requests", onDelete: .setNull)
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "connections_notAfter", on: "connections", columns: ["notAfter"])
            try db.create(table: "audit") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("at", .datetime).notNull()
                table.column("action", .text).notNull()
                table.column("subject", .text).notNull()
                table.column("detail", .text).notNull()
            }
            // The audit log is append-only: SQLite itself refuses to change or remove a line.
            try db.execute(sql: """
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        // `request --cc`: the copies a request's email goes to, as a JSON array like `admins`.
        migrator.registerMigration("issue16-request-cc") { db in
            try db.alter(table: "requests") { table in
                table.add(column: "cc", .text).notNull().defaults(to: "[]")
            }
        }
        // Records whose sealed key was checked against their certificate at an unlock
        // (requests and imports add records without the passphrase; see UnlockedStore).
        migrator.registerMigration("issue11-checked-records") { db in
            try db.execute(sql: "CREATE TABLE checked_records (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID")
        }
        // The app registration's Object ID, which replies carry from now on (optional: older replies have none).
        migrator.registerMigration("issue10-object-id") { db in
            try db.alter(table: "connections") { table in table.add(column: "objectID", .text) }
        }
        // request --client-id: the existing application a request's certificate is for.
        migrator.registerMigration("issue10-request-client-id") { db in
            try db.alter(table: "requests") { table in
                table.add(column: "clientID", .text)
            }
        }
        // The record MAC: HMAC-SHA256 of (kind, id, certificate SHA-1, SHA-256) under the key
        // kept beside the pin (SEALING.md); NULL for the records from before, until their first.
        migrator.registerMigration("issue11-record-mac") { db in
            try db.alter(table: "requests") { table in table.add(column: "mac", .blob) }
            try db.alter(table: "connections") { table in table.add(column: "mac", .blob) }
        }
        // Renewal (`renew`): the current certificate's Graph keyId, the previous certificate
        // (still registered until `renew --retire`) and the one a renewal is adding, each with
        // its sealed key and its own record MAC (SEALING.md, "Certificate history").
        migrator.registerMigration("issue12-certificate-history") { db in
            try db.alter(table: "connections") { table in
                table.add(column: "keyID", .text)
                table.add(column: "previousCertificate", .blob)
                table.add(column: "previousSealedKey", .blob)
                table.add(column: "previousKeyID", .text)
                table.add(column: "previousMAC", .blob)
                table.add(column: "pendingCertificate", .blob)
                table.add(column: "pendingSealedKey", .blob)
                table.add(column: "pendingState", .text)
                table.add(column: "pendingKeyID", .text)
                table.add(column: "pendingMAC", .blob)
                table.add(column: "pendingSince", .datetime)
            }
        }
        // export --to azure-keyvault: where a connection's certificate was imported, so that a
        // renewal imports its new version to the same place. Its own table, one row per
        // connection, removed with the connection.
        migrator.registerMigration("issue13-keyvault-links") { db in
            try db.create(table: "keyvault_links") { table in
                table.column("connectionID", .text).primaryKey().references("connections", onDelete: .cascade)
                table.column("vaultURL", .text).notNull()
                table.column("certificateName", .text).notNull()
                table.column("versionID", .text).notNull()
                table.column("thumbprintSHA1", .text).notNull()
                table.column("importedAt", .datetime).notNull()
            }
        }
        // renew --via-admin: the connection a request renews (its ID), whose reply `import`
        // turns into that connection's new current certificate instead of a new connection.
        // The record MAC covers it (its kind names the connection; SEALING.md).
        migrator.registerMigration("issue12-renewal-request") { db in
            try db.alter(table: "requests") { table in table.add(column: "renewsConnection", .text) }
        }
        return migrator
    }
}
