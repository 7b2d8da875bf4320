import Testing
@testable import ArcgenCLI

@Suite("Command-line shell")
struct CLITests {
    /// A tiny table so the shell is tested apart from the real commands.
    static let table: [Command] = [
        Command(name: "echo", summary: "Print a value.", synopsis: "--word W [--times N] [--loud]",
                options: [
                    .value("--word", "W", "What to print."), .value("--times", "N", "How often."),
                    .flag("--loud", "Upper case."),
                ]) { args, console in
            let word = try args.required("--word")
            let times = try args.int("--times", default: 1, in: 1 ... 10)!
            for _ in 0 ..< times { console.line(args.has("--loud") ? word.uppercased() : word) }
            return 0
        },
        Command(name: "group fail", summary: "Always fails at run time.", synopsis: "", options: []) { _, _ in
            throw RuntimeError("data/x.json: something broke; fix it")
        },
    ]

    func run(_ args: [String]) -> (Int32, String, String) {
        let captured = CapturedConsole()
        let status = CommandLineTool(commands: Self.table).run(args, console: captured.console)
        return (status, captured.stdout, captured.stderr)
    }

    @Test("a good call prints data on stdout and exits 0")
    func good() {
        let (status, out, err) = run(["echo", "--word", "hola", "--times", "2", "--loud"])
        #expect(status == 0 && out == "HOLA\nHOLA\n" && err.isEmpty)
        #expect(run(["echo", "--word=adiós"]).1 == "adiós\n")
    }

    @Test("usage mistakes exit 64 with a message on stderr", arguments: [
        ["nope"], ["echo"], ["echo", "--word"], ["echo", "--word", "a", "--times", "x"],
        ["echo", "--word", "a", "--times", "0"], ["echo", "--word", "a", "--bogus"], ["echo", "--word", "a", "extra"],
        ["group"], ["group", "nope"], [], ["echo", "--word", "a", "--word", "b"],
    ])
    func usageErrors(args: [String]) {
        let (status, out, err) = run(args)
        #expect(status == 64)
        #expect(out.isEmpty)
        #expect(!err.isEmpty)
    }

    @Test("runtime failures exit 1 with one clear line")
    func runtimeFailure() {
        let (status, _, err) = run(["group", "fail"])
        #expect(status == 1)
        #expect(err == "arcgen group fail: data/x.json: something broke; fix it\n")
    }

    @Test("help in every spelling")
    func help() {
        #expect(run(["--help"]).1.contains("group fail"))
        #expect(run(["help", "echo"]).1.contains("usage: arcgen echo --word W"))
        #expect(run(["echo", "--help"]).1.contains("--times N"))
        #expect(run(["help", "missing"]).0 == 64)
        #expect(run(["--version"]).1.hasPrefix("arcgen "))
    }
}
