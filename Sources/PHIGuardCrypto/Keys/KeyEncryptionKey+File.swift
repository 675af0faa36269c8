import PHIGuardCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension KeyEncryptionKey {
    /// Reads the key file at `path`, or creates it with a new random key when it does not exist.
    ///
    /// A new file is created with mode 0600 and `O_EXCL`, so it is never readable by others, even for a moment,
    /// and two processes starting together end up with the same key.
    ///
    /// - Throws: `PHIGuardError` with code `.configuration` when the file is readable or writable by group or
    ///   others, or does not hold a key; `.io` when it cannot be read or written.
    public static func loadOrCreate(fileAt path: String, logger: Logger = .disabled) throws -> KeyEncryptionKey {
        if let key = try loadIfPresent(fileAt: path) { return key }
        let key = generate()
        guard try create(fileAt: path, base64: key.base64) else {
            // Another process created the file between our attempts: use its key.
            return try load(fileAt: path)
        }
        logger.notice("created key-encryption key file", [.path: .string(path), .keyID: .string(key.id)])
        return key
    }

    /// Reads the key file at `path`, which must exist and be private to its owner.
    ///
    /// - Throws: `PHIGuardError` with code `.configuration` or `.io`, as for `loadOrCreate(fileAt:logger:)`, and
    ///   when the file does not exist.
    public static func load(fileAt path: String) throws -> KeyEncryptionKey {
        guard let key = try loadIfPresent(fileAt: path) else {
            throw PHIGuardError(.configuration, "key-encryption key file \(path) does not exist")
        }
        return key
    }

    private static func loadIfPresent(fileAt path: String) throws -> KeyEncryptionKey? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw PHIGuardError(.io, "cannot open key-encryption key file \(path): \(systemError())")
        }
        defer { close(descriptor) }

        // Checked on the open descriptor, so the file read is the file checked.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw PHIGuardError(.io, "cannot inspect key-encryption key file \(path): \(systemError())")
        }
        let mode = status.st_mode & 0o7777
        guard mode & 0o077 == 0 else {
            throw PHIGuardError(
                .configuration,
                "key-encryption key file \(path) has mode \(octal(mode)); it must be private to its owner (chmod 600)"
            )
        }

        var contents = try readAll(descriptor, path: path)
        defer { contents.withUnsafeMutableBytes { OpenSSL.cleanse($0) } }
        guard let key = try? KeyEncryptionKey(base64: String(decoding: contents, as: UTF8.self)) else {
            throw PHIGuardError(.configuration, "key-encryption key file \(path) does not hold 32 base64-encoded bytes")
        }
        return key
    }

    /// Writes a new file; false when it already exists.
    private static func create(fileAt path: String, base64: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return false }
            throw PHIGuardError(.io, "cannot create key-encryption key file \(path): \(systemError())")
        }
        defer { close(descriptor) }

        var contents = Array((base64 + "\n").utf8)
        defer { contents.withUnsafeMutableBytes { OpenSSL.cleanse($0) } }
        let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(descriptor) == 0 else {
            let reason = systemError()
            unlink(path)
            throw PHIGuardError(.io, "cannot write key-encryption key file \(path): \(reason)")
        }
        return true
    }

    private static func readAll(_ descriptor: Int32, path: String) throws -> [UInt8] {
        // A key file is a line of base64; anything much longer is not one.
        let limit = 4096
        var contents = [UInt8](repeating: 0, count: limit)
        var total = 0
        while total < limit {
            let count = contents.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress.map { $0 + total }, limit - total)
            }
            if count == 0 { break }
            guard count > 0 else {
                if errno == EINTR { continue }
                contents.withUnsafeMutableBytes { OpenSSL.cleanse($0) }
                throw PHIGuardError(.io, "cannot read key-encryption key file \(path): \(systemError())")
            }
            total += count
        }
        contents.removeSubrange(total...)
        return contents
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }

    private static func octal(_ mode: mode_t) -> String {
        "0" + String(mode, radix: 8)
    }
}
