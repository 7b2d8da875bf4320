import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenCLI

/// Issue #12: what a careful user and a careless script do to arcgen — output paths that are not files, a second
/// process on the same folder, a checkpoint resumed with other flags, closed pipes — refused cleanly or handled,
/// never data lost, never a crash. The README's reliability promises are each backed by a test here.
@Suite("Hostile input and faults")
struct HostileInputTests {
    func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let status = CommandLineTool().run(args, console: captured.console)
        return (status, captured.stdout, captured.stderr)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("arcgen-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func fileType(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    // MARK: 1. Atomic writes replace only regular files

    @Test("atomic files: a character device is written through, never replaced")
    func deviceIsWrittenThrough() throws {
        try AtomicFile.write("an episode", to: URL(fileURLWithPath: "/dev/null"))
        #expect(Self.fileType("/dev/null") == S_IFCHR)
    }

    @Test("atomic files: a FIFO and a process stream (/proc/self/fd/N) get the bytes and stay what they are")
    func streamsAreWrittenThrough() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe.fountain").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK) // a reader, so the writer does not wait for one
        defer { close(reader) }
        try AtomicFile.write("INT. CASA - NOCHE\n", to: URL(fileURLWithPath: fifo))
        #expect(Self.fileType(fifo) == S_IFIFO)
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(read(reader, &buffer, 64) == 18)

        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        try AtomicFile.write("hola", to: URL(fileURLWithPath: "/proc/self/fd/\(ends[1])"))
        #expect(read(ends[0], &buffer, 64) == 4 && String(decoding: buffer.prefix(4), as: UTF8.self) == "hola")
    }

    @Test("atomic files: a symbolic link keeps its link, the file it names keeps its mode (600)")
    func linkAndModeAreKept() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("private.fountain").path
        let link = dir.appendingPathComponent("link.fountain").path
        FileManager.default.createFile(atPath: target, contents: Data("old".utf8), attributes: [.posixPermissions: 0o600])
        #expect(symlink(target, link) == 0)
        try AtomicFile.write("new", to: URL(fileURLWithPath: link))
        #expect(Self.fileType(link) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: SupportError.self) { try AtomicFile.write("x", to: dir) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.fountain", "private.fountain"])
    }

    @Test("atomic files: train --out FIFO sends the model down the pipe and leaves the FIFO a FIFO")
    func trainOutToFIFO() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("t.txt").path
        try String(repeating: "¡Maldita! ¿Dónde está mi hija? ", count: 40).write(toFile: text, atomically: true, encoding: .utf8)
        let fifo = dir.appendingPathComponent("model.lstm").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        let r = run(["train", "--text", text, "--out", fifo] + Self.tinyShape + ["--steps", "1"])
        #expect(r.status == 0, "\(r.err)")
        #expect(Self.fileType(fifo) == S_IFIFO)
        var magic = [UInt8](repeating: 0, count: 8)
        #expect(read(reader, &magic, 8) == 8 && String(decoding: magic, as: UTF8.self) == "ARCGENLM")
    }

    static let tinyShape = ["--layers", "1", "--hidden", "4", "--embedding", "4", "--seq", "8", "--batch", "2", "--eval-every", "1"]
}

extension HostileInputTests {
    // MARK: 2. One season folder, one writer

    @Test("season: a folder another arcgen holds is refused with one line, exit 1, and left as it was")
    func lockedSeasonFolder() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let held = open(dir.path, O_RDONLY | O_DIRECTORY)
        defer { close(held) }
        #expect(flock(held, LOCK_EX | LOCK_NB) == 0) // what a running `arcgen season --out DIR` holds
        let r = run(["season", "--episodes", "20", "--arcs", "lost-love", "--seed", "7", "--outline-only",
                     "--out", dir.path, "--arcs-dir", PlotCommandsTests.arcs])
        #expect(r.status == 1 && r.err.contains("another arcgen is writing") && r.err.split(separator: "\n").count == 1,
                "\(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        flock(held, LOCK_UN)
        #expect(run(["season", "--episodes", "20", "--arcs", "lost-love", "--seed", "7", "--outline-only",
                     "--out", dir.path, "--arcs-dir", PlotCommandsTests.arcs]).status == 0)
    }
}
