internal import COpenSSL

extension OpenSSL {
    /// scrypt (RFC 7914) through the EVP_KDF "SCRYPT" implementation. `maxMemory` is OpenSSL's guard against
    /// parameters that would allocate too much; its own default (32 MiB) is too small for N = 2^15, r = 8.
    static func scrypt(
        password: UnsafeRawBufferPointer,
        salt: UnsafeRawBufferPointer,
        n: UInt64,
        r: UInt32,
        p: UInt32,
        maxMemory: UInt64,
        length: Int
    ) throws -> [UInt8] {
        guard let kdf = EVP_KDF_fetch(nil, "SCRYPT", nil) else { throw failure("scrypt is unavailable") }
        defer { EVP_KDF_free(kdf) }
        guard let context = EVP_KDF_CTX_new(kdf) else { throw failure("cannot allocate a KDF context") }
        defer { EVP_KDF_CTX_free(context) }

        var parameters = ParameterList()
        parameters.appendOctets(OSSL_KDF_PARAM_PASSWORD, password)
        parameters.appendOctets(OSSL_KDF_PARAM_SALT, salt)
        parameters.appendUInt64(OSSL_KDF_PARAM_SCRYPT_N, n)
        parameters.appendUInt32(OSSL_KDF_PARAM_SCRYPT_R, r)
        parameters.appendUInt32(OSSL_KDF_PARAM_SCRYPT_P, p)
        parameters.appendUInt64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, maxMemory)

        var output = [UInt8](repeating: 0, count: length)
        let result = parameters.withParameters { list in
            output.withUnsafeMutableBufferPointer { EVP_KDF_derive(context, $0.baseAddress, $0.count, list) }
        }
        try check(result, "scrypt failed: parameters out of range or above the memory limit")
        return output
    }

    /// An OSSL_PARAM array whose keys and values live in memory it owns: OSSL_PARAM only points at its data,
    /// and Swift's implicit pointers to strings and arrays are valid for one call only. Copies of secret values
    /// are cleansed when the list goes away.
    private struct ParameterList: ~Copyable {
        private var parameters: [OSSL_PARAM] = []
        private var allocations: [UnsafeMutableRawBufferPointer] = []

        init() {}

        deinit {
            for allocation in allocations {
                OpenSSL.cleanse(allocation)
                allocation.deallocate()
            }
        }

        mutating func appendOctets(_ key: String, _ value: UnsafeRawBufferPointer) {
            let copy = allocate(max(value.count, 1))
            copy.copyMemory(from: value)
            parameters.append(OSSL_PARAM_construct_octet_string(cString(key), copy.baseAddress, value.count))
        }

        mutating func appendUInt64(_ key: String, _ value: UInt64) {
            let storage = allocate(MemoryLayout<UInt64>.size)
            storage.storeBytes(of: value, as: UInt64.self)
            let typed = storage.baseAddress?.assumingMemoryBound(to: UInt64.self)
            parameters.append(OSSL_PARAM_construct_uint64(cString(key), typed))
        }

        mutating func appendUInt32(_ key: String, _ value: UInt32) {
            let storage = allocate(MemoryLayout<UInt32>.size)
            storage.storeBytes(of: value, as: UInt32.self)
            let typed = storage.baseAddress?.assumingMemoryBound(to: UInt32.self)
            parameters.append(OSSL_PARAM_construct_uint32(cString(key), typed))
        }

        func withParameters<Result>(_ body: (UnsafePointer<OSSL_PARAM>) -> Result) -> Result {
            (parameters + [OSSL_PARAM_construct_end()]).withUnsafeBufferPointer { list in
                guard let base = list.baseAddress else { fatalError("parameter list cannot be empty") }
                return body(base)
            }
        }

        private mutating func cString(_ text: String) -> UnsafePointer<CChar>? {
            let utf8 = Array(text.utf8CString)
            let storage = allocate(utf8.count)
            utf8.withUnsafeBytes { storage.copyMemory(from: $0) }
            return UnsafeRawPointer(storage.baseAddress)?.assumingMemoryBound(to: CChar.self)
        }

        private mutating func allocate(_ count: Int) -> UnsafeMutableRawBufferPointer {
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 8)
            storage.initializeMemory(as: UInt8.self, repeating: 0)
            allocations.append(storage)
            return storage
        }
    }
}
