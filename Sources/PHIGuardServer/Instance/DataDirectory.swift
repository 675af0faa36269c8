import Foundation
import PHIGuardCore

/// The data directory: created with mode 0700, and tightened to it when found looser.
enum DataDirectory {
    static func prepare(_ path: String, logger: Logger) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = manager.fileExists(atPath: path, isDirectory: &isDirectory)
        if existed {
            guard isDirectory.boolValue else {
                throw PHIGuardError(.configuration, "data directory \(path) exists and is not a directory")
            }
        } else {
            do {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw PHIGuardError(.io, "cannot create the data directory \(path)", underlying: error)
            }
        }
        let mode = (try? manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
        if existed && mode & 0o077 != 0 {
            logger.warning("data directory was readable by others; setting mode 0700", [.path: .string(path)])
        }
        guard chmod(path, 0o700) == 0 else {
            throw PHIGuardError(.io, "cannot set mode 0700 on the data directory \(path)")
        }
    }
}
