import Testing
@testable import ArcgenCLI

@Suite("Option groups")
struct OptionGroupTests {
    static func parse(_ arguments: [String]) throws -> ParsedArguments {
        try ParsedArguments(command: "test", arguments: arguments,
                            options: [ModelsLocation.option, SeedOption.option("Seed.")], allowsPositionals: false)
    }

    @Test("--models beats $ARCGEN_MODELS, which beats ./models; nothing given leaves a command its own default")
    func modelsLocation() throws {
        let env = ["ARCGEN_MODELS": "/env/models"]
        let flag = try Self.parse(["--models", "/flag/models"])
        #expect(ModelsLocation(flag, environment: env).directory == "/flag/models")
        #expect(ModelsLocation(try Self.parse([]), environment: env).directory == "/env/models")
        #expect(ModelsLocation(try Self.parse([]), environment: [:]).directory == "models")
        #expect(ModelsLocation(try Self.parse([]), environment: [:]).given == nil)
        #expect(ModelsLocation(environment: env).directory == "/env/models")
    }

    @Test("--seed takes any 64-bit whole number, else the command's default; anything else is a usage error")
    func seed() throws {
        #expect(try SeedOption.value(try Self.parse([])) == SeedOption.fixedDefault)
        #expect(try SeedOption.value(try Self.parse([]), default: 9) == 9)
        #expect(try SeedOption.value(try Self.parse(["--seed", "18446744073709551615"])) == UInt64.max)
        #expect(throws: UsageError("--seed needs a non-negative whole number, got '-3'")) {
            try SeedOption.value(try Self.parse(["--seed", "-3"]))
        }
    }
}
