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
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)  // a reader, so the writer does not wait for one
        defer { close(reader) }
        try AtomicFile.write("INT. CASA - NOCHE\n", to: URL(fileURLWithPath: fifo))
        #expect(Self.fileType(fifo) == S_IFIFO)
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(read(reader, &buffer, 64) == 18)

        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        try AtomicFile.write("hola", to: URL(fileURLWithPath: "/proc/self/fd/\(ends[1])"))
        #expect(read(ends[0], &buffer, 64) == 4 && String(decoding: buffer.prefix(4), as: UTF8.self) == "hola")
    }

    @Test("atomic files: a symbolic link keeps its link, the file it names keeps its mode (600)")
    func linkAndModeAreKept() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("private.fountain").path
        let link = dir.appendingPathComponent("link.fountain").path
        FileManager.default.createFile(
            atPath: target, contents: Data("old".utf8), attributes: [.posixPermissions: 0o600])
        #expect(symlink(target, link) == 0)
        try AtomicFile.write("new", to: URL(fileURLWithPath: link))
        #expect(Self.fileType(link) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: SupportError.self) { try AtomicFile.write("x", to: dir) }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [
                "link.fountain", "private.fountain",
            ])
    }

    @Test("atomic files: train --out FIFO sends the model down the pipe and leaves the FIFO a FIFO")
    func trainOutToFIFO() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("t.txt").path
        try String(repeating: "¡Maldita! ¿Dónde está mi hija? ", count: 40).write(
            toFile: text, atomically: true, encoding: .utf8)
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

    static let tinyShape = [
        "--layers", "1", "--hidden", "4", "--embedding", "4", "--seq", "8", "--batch", "2", "--eval-every", "1",
    ]
}

extension HostileInputTests {
    // MARK: 2. One season folder, one writer

    @Test("season: a folder another arcgen holds is refused with one line, exit 1, and left as it was")
    func lockedSeasonFolder() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let held = open(dir.path, O_RDONLY | O_DIRECTORY)
        defer { close(held) }
        #expect(flock(held, LOCK_EX | LOCK_NB) == 0)  // what a running `arcgen season --out DIR` holds
        let r = run([
            "season", "--episodes", "20", "--arcs", "lost-love", "--seed", "7", "--outline-only",
            "--out", dir.path, "--arcs-dir", PlotCommandsTests.arcs,
        ])
        #expect(
            r.status == 1 && r.err.contains("another arcgen is writing") && r.err.split(separator: "\n").count == 1,
            "\(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        flock(held, LOCK_UN)
        #expect(
            run([
                "season", "--episodes", "20", "--arcs", "lost-love", "--seed", "7", "--outline-only",
                "--out", dir.path, "--arcs-dir", PlotCommandsTests.arcs,
            ]).status == 0)
    }
}

/// Exit statuses a console asked for, for tests (the real console exits).
final class StopLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int32] = []
    func add(_ status: Int32) { lock.withLock { items.append(status) } }
    var statuses: [Int32] { lock.withLock { items } }
}

extension HostileInputTests {
    // MARK: 5. Closed or full standard streams

    /// What a console on `out` says on a pipe standing for stderr, and the statuses it asked to stop with.
    func consoleFailure(out: Int32) -> (err: String, statuses: [Int32]) {
        var errPipe: [Int32] = [0, 0]
        _ = pipe(&errPipe)
        defer { close(errPipe[0]) }
        let stops = StopLog()
        let console = Console.streams(out: out, err: errPipe[1], stop: { stops.add($0) })
        console.line("INT. HACIENDA - NOCHE")
        console.line("a second line is dropped, not reported again")
        console.log("progress still goes to stderr")
        close(errPipe[1])
        let text = FileHandle(fileDescriptor: errPipe[0], closeOnDealloc: false).readDataToEndOfFile()
        return (String(decoding: text, as: UTF8.self), stops.statuses)
    }

    @Test("stdout on a full disk: said once, exit 1")
    func fullStdout() throws {
        let full = open("/dev/full", O_WRONLY)
        defer { close(full) }
        let r = consoleFailure(out: full)
        #expect(r.statuses == [1])
        #expect(
            r.err == "arcgen: cannot write to standard output: No space left on device\nprogress still goes to stderr\n"
        )
    }

    @Test("stdout closed (a descriptor open only for reading stands in for it): said once, exit 1")
    func closedStdout() throws {
        let readOnly = open("/dev/null", O_RDONLY)
        defer { close(readOnly) }
        let r = consoleFailure(out: readOnly)
        #expect(r.statuses == [1] && r.err.hasPrefix("arcgen: cannot write to standard output: Bad file descriptor\n"))
    }

    @Test("stdout to a reader that went away, SIGPIPE ignored: exit 1 without a word")
    func brokenPipe() throws {
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        let r = consoleFailure(out: ends[1])
        #expect(r.statuses == [1] && r.err == "progress still goes to stderr\n")
    }

    @Test("stderr that cannot be written is ignored: the data still reaches stdout")
    func closedStderr() throws {
        var outPipe: [Int32] = [0, 0]
        #expect(pipe(&outPipe) == 0)
        let readOnly = open("/dev/null", O_RDONLY)
        defer {
            close(readOnly)
            close(outPipe[0])
        }
        let stops = StopLog()
        let console = Console.streams(out: outPipe[1], err: readOnly, stop: { stops.add($0) })
        console.log("lost")
        console.line("kept")
        close(outPipe[1])
        let text = FileHandle(fileDescriptor: outPipe[0], closeOnDealloc: false).readDataToEndOfFile()
        #expect(String(decoding: text, as: UTF8.self) == "kept\n" && stops.statuses.isEmpty)
    }

    /// The built `arcgen`, next to the test bundle, when `swift test` built it.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("arcgen").path

    /// Runs `script` in bash with `$ARCGEN` set to the built binary; returns its combined output.
    func shell(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ["ARCGEN": Self.binary, "PATH": "/usr/bin:/bin"]
        process.currentDirectoryURL = URL(fileURLWithPath: PlotCommandsTests.root)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test(
        "the real binary: > /dev/full, >&-, 2>&- and a broken pipe neither crash nor lie",
        .enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func binaryStreams() throws {
        let out = try shell(
            """
            "$ARCGEN" arcs list > /dev/full; echo "full $?"
            "$ARCGEN" arcs list >&-; echo "closed $?"
            "$ARCGEN" arcs list 2>&- | wc -l | tr -d ' '; echo "no stderr ${PIPESTATUS[0]}"
            trap '' PIPE; "$ARCGEN" corpus text models/corpus 2>/tmp/arcgen-pipe-$$.err | head -c 1 >/dev/null
            echo "pipe ${PIPESTATUS[0]} $(wc -c < /tmp/arcgen-pipe-$$.err | tr -d ' ')"; rm -f /tmp/arcgen-pipe-$$.err
            """)
        #expect(out.contains("arcgen: cannot write to standard output: No space left on device\nfull 1\n"), "\(out)")
        #expect(out.contains("arcgen: cannot write to standard output: Bad file descriptor\nclosed 1\n"), "\(out)")
        #expect(out.contains("\nno stderr 0\n"), "\(out)")
        #expect(out.contains("pipe 1 0\n"), "\(out)")
        #expect(!out.contains("Fatal error"))
    }
}

extension HostileInputTests {
    // MARK: 3. A resume is the checkpoint's run

    /// A tiny run of `updates` updates on a small text, with its checkpoint; returns the text, model and checkpoint.
    func trainedRun(
        in dir: URL, tokenizer: String, updates: Int = 4
    )
        throws -> (text: String, model: String, checkpoint: String, log: String)
    {
        let text = dir.appendingPathComponent("t.txt").path
        try String(repeating: "¡Maldita! ¿Dónde está mi hija? La boda es mañana. ", count: 30)
            .write(toFile: text, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("r.lstm").path
        let r = run(
            ["train", "--text", text, "--out", model, "--tokenizer", tokenizer, "--vocab", "60"] + Self.tinyShape
                + ["--steps", "\(updates)"])
        #expect(r.status == 0, "\(r.err)")
        return (text, model, model + ".ckpt", r.err)
    }

    @Test(
        "train --resume with another tokenizer or shape is a usage error naming the flag (was a heap corruption)",
        arguments: [
            ["--tokenizer", "bpe"], ["--hidden", "8"], ["--seq", "9"], ["--seed", "2"], ["--steps", "2"],
            ["--minutes", "1"],
        ])
    func resumeContradictions(flags: [String]) throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run0 = try trainedRun(in: dir, tokenizer: "char")
        let r = run(["train", "--text", run0.text, "--out", run0.model, "--resume", run0.checkpoint] + flags)
        #expect(r.status == 64, "\(r.err)")
        #expect(r.err.hasPrefix("arcgen train: \(flags[0])"), "\(r.err)")
    }

    @Test("train --resume of a BPE run without --tokenizer resumes it with BPE, and repeating the flags is fine")
    func resumeTakesTheTokenizer() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run0 = try trainedRun(in: dir, tokenizer: "bpe")
        let bare = run(["train", "--text", run0.text, "--out", run0.model, "--resume", run0.checkpoint, "--steps", "6"])
        #expect(bare.status == 0 && bare.err.contains("update 6/6"), "\(bare.err)")
        // The same token counts as the first run: the text is cut by the checkpoint's BPE, not into characters.
        func counts(_ log: String) -> Substring? {
            log.split(separator: "\n").first { $0.hasPrefix("training ") }?.split(separator: ";").last
        }
        #expect(counts(bare.err) != nil && counts(bare.err) == counts(run0.log), "\(bare.err)")
        let same = run(
            [
                "train", "--text", run0.text, "--out", run0.model, "--resume", run0.checkpoint, "--tokenizer", "bpe",
                "--vocab", "60",
            ] + Self.tinyShape + ["--steps", "6"])
        #expect(same.status == 0, "\(same.err)")
    }

    @Test("train --resume of a finished run to another --out writes the model and checkpoint it names")
    func resumedFilesExist() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run0 = try trainedRun(in: dir, tokenizer: "char")
        let other = dir.appendingPathComponent("r10.lstm").path
        let r = run(["train", "--text", run0.text, "--out", other, "--resume", run0.checkpoint])
        #expect(r.status == 0 && r.err.contains("model \(other), checkpoint \(other).ckpt"), "\(r.err)")
        #expect(
            FileManager.default.fileExists(atPath: other) && FileManager.default.fileExists(atPath: other + ".ckpt"))
    }
}

extension HostileInputTests {
    // MARK: 4. A killed run's temporary files do not stay forever

    /// The id of a process that has ended.
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("train removes the temporaries a killed train left in its folder, and keeps a live process's")
    func staleTemporariesAreRemoved() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dead = try Self.deadProcessID()
        let stale = [".r.lstm.\(dead).12345.tmp", ".r.lstm.ckpt.\(dead).678.tmp"]
        let live = ".r.lstm.1.999.tmp"  // pid 1 is always running
        let mine = "r.lstm.\(dead).1.tmp.notes"  // not our naming: never touched
        for name in stale + [live, mine] {
            FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data(count: 1000))
        }
        _ = try trainedRun(in: dir, tokenizer: "char", updates: 1)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(left == [live, mine, "t.txt", "r.lstm", "r.lstm.ckpt"])
    }
}

extension HostileInputTests {
    // MARK: 8. Folder scans read regular files only, and follow a linked folder

    /// After `seconds`, gives an end of file to anyone blocked reading `fifo`, so old code fails instead of hanging.
    static func unblock(_ fifo: String, after seconds: Double) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            let fd = open(fifo, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
    }

    @Test("a FIFO named *.json in the arcs folder is skipped by arcs list, check, show and plan")
    func fifoInArcsFolder() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["vocabulary.json", "lost-love.json"] {
            try FileManager.default.copyItem(atPath: PlotCommandsTests.arcs + "/" + name, toPath: dir.path + "/" + name)
        }
        let fifo = dir.path + "/trap.json"
        #expect(mkfifo(fifo, 0o600) == 0)
        Self.unblock(fifo, after: 5)
        let arcs = ["--arcs", dir.path]
        let list = run(["arcs", "list"] + arcs)
        #expect(list.status == 0 && !list.out.contains("trap") && list.out.contains("lost-love"), "\(list.err)")
        let check = run(["arcs", "check"] + arcs)
        #expect(check.status == 0 && !(check.out + check.err).contains("trap"), "\(check.out)\(check.err)")
        let show = run(["arcs", "show", "lost-lov"] + arcs)
        #expect(show.status == 1 && show.err.contains("did you mean 'lost-love'"), "\(show.err)")
        #expect(run(["plan", "--arc", "lost-love", "--scenes", "12", "--seed", "1"] + arcs).status == 0)
    }

    @Test("a corpus folder reached through a symbolic link is read, not empty")
    func linkedCorpusFolder() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try CorpusCommandTests.scene.write(
            to: real.appendingPathComponent("a.fountain"), atomically: true, encoding: .utf8)
        #expect(mkfifo(real.appendingPathComponent("b.fountain").path, 0o600) == 0)
        Self.unblock(real.appendingPathComponent("b.fountain").path, after: 5)
        let link = dir.appendingPathComponent("link").path
        #expect(symlink(real.path, link) == 0)
        let r = run(["corpus", "check", link, "--vocabulary", CorpusCommandTests.vocabulary])
        #expect(r.status == 0 && r.err.contains("1 good scene(s) in 1 file(s)"), "\(r.err)")
    }
}

extension HostileInputTests {
    // MARK: 11. One line, never a Foundation dump

    func expectOneLine(
        _ r: (status: Int32, out: String, err: String), mentioning path: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.status == 1, "\(r.err)", sourceLocation: sourceLocation)
        #expect(
            r.err.split(separator: "\n").count == 1 && r.err.contains(path), "\(r.err)", sourceLocation: sourceLocation)
        #expect(
            !r.err.contains("Error Domain") && !r.err.contains("NSCocoaErrorDomain"), "\(r.err)",
            sourceLocation: sourceLocation)
    }

    @Test("season --out where no folder can be made, and train --corpus --out onto a file: one line naming the path")
    func foldersThatCannotBeMade() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let season = [
            "season", "--episodes", "20", "--arcs", "lost-love", "--seed", "1", "--outline-only",
            "--arcs-dir", PlotCommandsTests.arcs, "--out",
        ]
        expectOneLine(run(season + ["/proc/arcgen-season"]), mentioning: "/proc/arcgen-season")
        let file = dir.appendingPathComponent("notes.txt").path
        try "mine".write(toFile: file, atomically: true, encoding: .utf8)
        expectOneLine(run(season + [file + "/season"]), mentioning: file)
        let corpus = PlotCommandsTests.root + "/models/corpus"
        expectOneLine(run(["train", "--corpus", corpus, "--out", file, "--steps", "1"]), mentioning: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "mine")
    }
}

extension HostileInputTests {
    // MARK: 12. Paths resolved where they were written, messages that name the flag

    /// A models folder holding only the shipped manifest, its recorded corpus path set to `recorded`.
    func manifestFolder(recordedCorpus recorded: String, withCorpus: Bool) throws -> URL {
        let dir = try Self.temporaryFolder()
        let text = try String(contentsOfFile: PlotCommandsTests.root + "/models/manifest.json", encoding: .utf8)
            .replacingOccurrences(
                of: "\"corpusDirectory\" : \"models\\/corpus\"", with: "\"corpusDirectory\" : \"\(recorded)\"")
        try text.write(to: dir.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        if withCorpus {
            #expect(symlink(PlotCommandsTests.root + "/models/corpus", dir.appendingPathComponent("corpus").path) == 0)
        }
        return dir
    }

    @Test(
        "eval --models DIR finds the corpus next to the manifest, whatever the working folder; else it names --corpus")
    func evalCorpusNextToManifest() throws {
        let found = try manifestFolder(recordedCorpus: "elsewhere/corpus", withCorpus: true)
        defer { try? FileManager.default.removeItem(at: found) }
        let r = run(["eval", "--models", found.path, "--samples", "1"])
        // The corpus is read; what stops this folder is its missing model files.
        #expect(r.status == 1 && r.err.contains("model for tag 'base'") && !r.err.contains("elsewhere"), "\(r.err)")
        let missing = try manifestFolder(recordedCorpus: "elsewhere/corpus", withCorpus: false)
        defer { try? FileManager.default.removeItem(at: missing) }
        let m = run(["eval", "--models", missing.path, "--samples", "1"])
        #expect(
            m.status == 1 && m.err.contains("elsewhere/corpus") && m.err.hasSuffix("pass --corpus DIR\n"), "\(m.err)")
    }

    @Test("a missing arcs folder or models folder is named with the flag that fixes it (season's is --arcs-dir)")
    func missingFoldersNameTheFlag() throws {
        let arcs = run(["episode", "--arc", "lost-love", "--seed", "1", "--arcs", "/nonexistent-arcs"])
        #expect(
            arcs.status == 1 && arcs.err.contains("there is no arcs folder /nonexistent-arcs; pass --arcs DIR"),
            "\(arcs.err)")
        let models = run([
            "episode", "--arc", "lost-love", "--seed", "1", "--arcs", PlotCommandsTests.arcs,
            "--models", "/nonexistent-models",
        ])
        #expect(
            models.status == 1 && models.err.contains("no model manifest there; pass --models DIR"), "\(models.err)")
        let season = run([
            "season", "--episodes", "20", "--arcs", "lost-love", "--seed", "1", "--outline-only",
            "--out", "/tmp/never-written", "--arcs-dir", "/nonexistent-arcs",
        ])
        #expect(season.status == 1 && season.err.contains("pass --arcs-dir DIR"), "\(season.err)")
    }
}

extension HostileInputTests {
    // MARK: 14. Help in every spelling the README promises; diagnostics on stderr

    @Test(
        "help for a command group lists its subcommands on stdout, exit 0",
        arguments: [
            ["help", "arcs"], ["arcs", "--help"], ["arcs", "-h"], ["corpus", "--help"], ["models", "--help"],
            ["help", "models"],
        ])
    func groupHelp(args: [String]) {
        let r = run(args)
        let group = args[0] == "help" ? args[1] : args[0]
        #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
        #expect(r.out.hasPrefix("usage: arcgen \(group) <subcommand>") && r.out.contains("  \(group) "), "\(r.out)")
    }

    @Test("arcs check writes its diagnostics to stderr, compiler-style, and nothing to stdout")
    func checkDiagnosticsOnStderr() {
        let r = run(["arcs", "check", "--arcs", PlotCommandsTests.arcs, "--models", "/nonexistent-models"])
        #expect(r.status == 0 && r.out.isEmpty, "\(r.out)")
        #expect(r.err.contains("lost-love.json:") && r.err.contains(": warning: "), "\(r.err)")
    }
}

extension HostileInputTests {
    // MARK: 13. Messages that say what is true and what to do

    /// An arcs folder with the vocabulary and `files` (name → text).
    func arcsFolder(_ files: [String: String]) throws -> URL {
        let dir = try Self.temporaryFolder()
        try FileManager.default.copyItem(
            atPath: PlotCommandsTests.arcs + "/vocabulary.json", toPath: dir.path + "/vocabulary.json")
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    /// A chain of `n` states, start to a wedding, no loops: plannable in exactly `n` scenes.
    static func chainArc(states n: Int) -> String {
        let states = (0..<n).map { i in
            let to = i + 1 < n ? "[{\"to\": \"s\(i + 1)\", \"weight\": 1}]" : "[]"
            let tag = i == n - 1 ? "wedding" : "courtship"
            return """
                {"id": "s\(i)", "tag": "\(tag)", "synopsis": {"es": "{heroine} en s\(i).", "en": "{heroine} in s\(i)."},
                 "roles": ["heroine"], "locations": [{"es": "INT. CASA", "en": "INT. HOUSE"}], "time": "day",
                 "tension": 4, "transitions": \(to)}
                """
        }
        return """
            {"$schema": "./arc.schema.json", "id": "chain", "title": {"es": "C", "en": "C"}, "roles": ["heroine"],
             "start": "s0", "endings": ["s\(n - 1)"], "states": [\(states.joined(separator: ",\n"))]}
            """
    }

    @Test("plan on a 2,500-state chain names the length it allows, not 'none'")
    func longChain() throws {
        let dir = try arcsFolder(["chain.json": Self.chainArc(states: 2500)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = run(["plan", "--arc", "chain", "--scenes", "12", "--seed", "1", "--arcs", dir.path])
        #expect(r.status == 1 && r.err.contains("possible lengths: 2500") && !r.err.contains("none"), "\(r.err)")
    }

    @Test("a flag missing its value is named as such, and an empty path is refused")
    func missingValue() {
        let r = run(["plan", "--arc", "lost-love", "--scenes", "--seed", "1", "--arcs", PlotCommandsTests.arcs])
        #expect(
            r.status == 64 && r.err.hasPrefix("arcgen plan: option --scenes needs a value N|MIN-MAX before --seed"),
            "\(r.err)")
        for out in [["--out", ""], ["--out="]] {
            let e = run(["corpus", "text", PlotCommandsTests.root + "/models/corpus"] + out)
            #expect(
                e.status == 64
                    && e.err.hasPrefix("arcgen corpus text: option --out needs a path FILE, got an empty string"),
                "\(e.err)")
        }
    }

    @Test("a cast file's errors speak of cast files; UTF-16 and a link loop say what they are")
    func castAndEncodingMessages() throws {
        let dir = try arcsFolder([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        var utf16 = Data()
        for unit in "{\"heroine\": \"Paloma\"}".utf16 {
            utf16.append(UInt8(unit & 0xFF))
            utf16.append(UInt8(unit >> 8))
        }
        try utf16.write(to: dir.appendingPathComponent("cast16.json"))
        try Data([0x7B, 0xFF, 0x7D]).write(to: dir.appendingPathComponent("latin.json"))
        let plan = [
            "plan", "--arc", "lost-love", "--scenes", "10", "--seed", "1", "--arcs", PlotCommandsTests.arcs, "--cast",
        ]
        let wide = run(plan + [dir.path + "/cast16.json"])
        #expect(
            wide.status == 1 && wide.err.contains("looks like UTF-16")
                && wide.err.contains("save the cast file as UTF-8"),
            "\(wide.err)")
        let latin = run(plan + [dir.path + "/latin.json"])
        #expect(latin.status == 1 && latin.err.contains("cast file") && !latin.err.contains("arc file"), "\(latin.err)")

        #expect(symlink(dir.path + "/loop2.json", dir.path + "/loop1.json") == 0)
        #expect(symlink(dir.path + "/loop1.json", dir.path + "/loop2.json") == 0)
        let loop = run(["arcs", "show", "loop1", "--arcs", dir.path])
        #expect(
            loop.status == 1 && loop.err.contains("symbolic links") && !loop.err.contains("did you mean"), "\(loop.err)"
        )
        let check = run(["arcs", "check", dir.path + "/loop1.json", "--arcs", dir.path])
        #expect(check.status == 1 && check.err.contains("symbolic link loop"), "\(check.err)")
        try utf16.write(to: dir.appendingPathComponent("wide.json"))
        let arc16 = run(["arcs", "check", dir.path + "/wide.json", "--arcs", dir.path])
        #expect(arc16.status == 1 && arc16.err.contains("looks like UTF-16"), "\(arc16.err)")
    }

    @Test("season refuses other models before it says anything about resuming")
    func refusalBeforeResuming() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let season = [
            "season", "--episodes", "4", "--arcs", "lost-love", "--seed", "1", "--arcs-dir", PlotCommandsTests.arcs,
            "--out", dir.path,
        ]
        #expect(run(season + ["--outline-only"]).status == 0)
        // A finished episode, as if a first run with the shipped models wrote it.
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("episodes"), withIntermediateDirectories: true)
        let manifest = dir.appendingPathComponent(".arcgen-season.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
            .replacingOccurrences(
                of: "\"outlineHash\"", with: "\"dialogue\" : {\"models\" : \"other\"},\n  \"outlineHash\"")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        let episode = "Title: x\n\n" + (1...60).map { "INT. CASA - DÍA #\($0)#" }.joined(separator: "\n\n") + "\n"
        try episode.write(to: dir.appendingPathComponent("episodes/001.fountain"), atomically: true, encoding: .utf8)
        let models = try manifestFolder(recordedCorpus: "models/corpus", withCorpus: true)
        defer { try? FileManager.default.removeItem(at: models) }
        let r = run(season + ["--models", models.path, "--unconstrained"])
        #expect(r.status == 1 && r.err.contains("made differently") && !r.err.contains("resuming"), "\(r.err)")
        // Drawn before the pull and the paragraph ranking: the refusal names the options that draw as it did.
        #expect(r.err.contains("drawn with --plan-pull 0.0 --rank scenes and by other models"), "\(r.err)")
    }
}

extension HostileInputTests {
    @Test("an unclosed [[lang: es note is reported as unclosed, and the [[roles]] note after it still counts")
    func unclosedNote() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scene = CorpusCommandTests.scene.replacingOccurrences(of: "[[lang: es]]", with: "[[lang: es")
        try scene.write(to: dir.appendingPathComponent("a.fountain"), atomically: true, encoding: .utf8)
        let r = run(["corpus", "check", dir.path, "--vocabulary", CorpusCommandTests.vocabulary])
        #expect(
            r.status == 1 && r.out.isEmpty && r.err.contains(":4: error: a note '[[' opened here is never closed"),
            "\(r.err)")
        #expect(!r.err.contains("no [[roles") && !r.err.contains("unknown language"), "\(r.err)")
    }
}

extension HostileInputTests {
    // MARK: 6. A shape the machine cannot hold is refused before it is allocated

    @Test("train --hidden 8192 --layers 16 is refused with the memory it needs and the machine's, exit 1")
    func shapeTooLargeForMemory() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("t.txt").path
        try String(repeating: "¡Maldita! ¿Dónde está mi hija? ", count: 40).write(
            toFile: text, atomically: true, encoding: .utf8)
        let r = run([
            "train", "--text", text, "--out", dir.appendingPathComponent("m.lstm").path, "--hidden", "8192",
            "--layers", "16", "--steps", "1",
        ])
        #expect(r.status == 1 && r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(
            r.err.contains("16×8192 LSTM") && r.err.contains("GB of memory to train, and this machine has"),
            "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.lstm").path))
    }
}

extension HostileInputTests {
    // MARK: 10. Nonsense refused at the door

    @Test("a control character in an arc's title, synopsis or location is a lint error naming it")
    func controlCharactersInArcs() throws {
        let text = try String(contentsOfFile: PlotCommandsTests.arcs + "/lost-love.json", encoding: .utf8)
        for (find, bad) in [
            ("\"Lost Love\"", "\"Lost\\u001b[31m Love\""), ("INT. ", "INT.\\u0000 "), ("{heroine}", "{heroine}\\u0007"),
        ] {
            let dir = try arcsFolder(["lost-love.json": text.replacingOccurrences(of: find, with: bad)])
            defer { try? FileManager.default.removeItem(at: dir) }
            let r = run(["arcs", "check", "--arcs", dir.path])
            #expect(
                r.status == 1 && r.err.contains("error: ") && r.err.contains("control character U+00"),
                "\(bad): \(r.err)")
        }
    }

    @Test(
        "a cast file with a line break in a name, one role twice, or one name for two roles is refused",
        arguments: [
            ("{\"heroine\": \"Ana\\nEXT. CALLE\"}", "control character U+000A"),
            ("{\"heroine\": \"Ana\", \"heroine\": \"Eva\"}", "the role 'heroine' is given twice"),
            ("{\"heroine\": \"Ana\", \"villain\": \"Ana\"}", "'Ana' is the name of both 'heroine' and 'villain'"),
        ])
    func badCasts(cast: String, message: String) throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("cast.json").path
        try cast.write(toFile: file, atomically: true, encoding: .utf8)
        let r = run([
            "plan", "--arc", "lost-love", "--scenes", "10", "--seed", "1", "--arcs", PlotCommandsTests.arcs, "--cast",
            file,
        ])
        #expect(r.status == 1 && r.err.contains(message), "\(r.err)")
    }

    /// A models folder with the shipped manifest reduced to `tags` (tag → file), its files linked from the shipped
    /// ones.
    func modelsFolder(tags: [String: String], format: Int = 1) throws -> URL {
        let dir = try Self.temporaryFolder()
        let shipped = PlotCommandsTests.root + "/models"
        var manifest = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: shipped + "/manifest.json"))) as? [String: Any])
        var entries = try #require(manifest["tags"] as? [String: Any])
        let template = try #require(entries.first?.value as? [String: Any])
        entries = [:]
        for (tag, file) in tags {
            var entry = template
            entry["file"] = file
            entries[tag] = entry
            _ = symlink(shipped + "/" + file, dir.appendingPathComponent(file).path)
        }
        manifest["tags"] = entries
        manifest["base"] = nil
        manifest["format"] = format
        try JSONSerialization.data(withJSONObject: manifest).write(to: dir.appendingPathComponent("manifest.json"))
        return dir
    }

    @Test("models list fails on a model that is another tag's, a missing one, and a manifest of another format")
    func modelsListChecksTheModels() throws {
        let good = try modelsFolder(tags: ["wedding": "wedding.lstm"])
        defer { try? FileManager.default.removeItem(at: good) }
        #expect(run(["models", "list", "--models", good.path]).status == 0)
        let swapped = try modelsFolder(tags: ["scheme": "wedding.lstm"])
        defer { try? FileManager.default.removeItem(at: swapped) }
        let s = run(["models", "list", "--models", swapped.path])
        #expect(
            s.status == 1 && s.err.contains("model for tag 'scheme'") && s.err.contains("trained for tag 'wedding'"),
            "\(s.err)")
        // Two tags on one file: the second finds it loaded by the first and still fails (they load in parallel).
        let shared = try modelsFolder(tags: ["scheme": "scheme.lstm", "secret": "scheme.lstm"])
        defer { try? FileManager.default.removeItem(at: shared) }
        let t = run(["models", "list", "--models", shared.path])
        #expect(t.status == 1 && t.err.contains("model for tag 'secret'") && t.err.contains("trained for tag 'scheme'"),
                "\(t.err)")
        let missing = try modelsFolder(tags: ["wedding": "wedding.lstm", "scheme": "nowhere.lstm"])
        defer { try? FileManager.default.removeItem(at: missing) }
        let m = run(["models", "list", "--models", missing.path])
        #expect(m.status == 1 && m.err.contains("nowhere.lstm"), "\(m.err)")
        let future = try modelsFolder(tags: ["wedding": "wedding.lstm"], format: 2)
        defer { try? FileManager.default.removeItem(at: future) }
        let f = run(["models", "list", "--models", future.path])
        #expect(f.status == 1 && f.err.contains("format 2, but this arcgen reads format 1"), "\(f.err)")
    }

    @Test("a season marker of another version is refused, not resumed")
    func seasonMarkerVersion() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let season = [
            "season", "--episodes", "4", "--arcs", "lost-love", "--seed", "1", "--arcs-dir", PlotCommandsTests.arcs,
            "--outline-only", "--out", dir.path,
        ]
        #expect(run(season).status == 0)
        let marker = dir.appendingPathComponent(".arcgen-season.json")
        let text = try String(contentsOf: marker, encoding: .utf8).replacingOccurrences(
            of: "\"version\" : 1", with: "\"version\" : 99")
        try text.write(to: marker, atomically: true, encoding: .utf8)
        let r = run(season)
        #expect(r.status == 1 && r.err.contains("version 99"), "\(r.err)")
    }
}
