import Foundation
import PHIGuardCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command with `posix_spawn` and waits for that one process with `waitpid`.
///
/// Foundation's `Process` is not used: it can keep reporting a command as running while a daemon it started
/// (the postmaster that `pg_ctl start` leaves behind) still holds descriptors inherited from it.
enum ChildProcess {
    /// Runs `command` (the executable path first) with stdin from /dev/null and stdout and stderr to `output`.
    ///
    /// - Returns: The exit status, or 128 plus the signal number when a signal ended it.
    /// - Throws: `io.failure` when it cannot start or does not finish within `timeout` seconds (it is killed).
    static func run(_ command: [String], output: String, timeout: Double) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        guard spawned == 0 else {
            throw PHIGuardError(.io, "could not start \(command[0]) (errno \(spawned))")
        }
        return try wait(for: pid, name: command[0], timeout: timeout)
    }

    private static func wait(for pid: pid_t, name: String, timeout: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { return decode(status) }
            guard waited == 0 || errno == EINTR else {
                throw PHIGuardError(.io, "lost track of \(name) (errno \(errno))")
            }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        throw PHIGuardError(.io, "\(name) did not finish within \(Int(timeout)) seconds")
    }

    /// The `WIFEXITED` / `WEXITSTATUS` / `WTERMSIG` macros, which Swift cannot import.
    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
