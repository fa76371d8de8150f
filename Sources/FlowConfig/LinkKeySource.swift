/// Where flowd keeps the key its review links are derived from (`LinkKey`): never in the database, so a copy of
/// the database or a backup holds no working link.
public enum LinkKeySource: Sendable, Equatable {
    /// A file of at least 32 bytes, mode 0600; flowd creates it at its first start when it is missing.
    case file(String)
    /// A systemd credential (`LoadCredential=`) in `$CREDENTIALS_DIRECTORY`.
    case credential(String)
}
