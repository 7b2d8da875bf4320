import Testing
@testable import ArcgenCLI

@Suite("Option groups")
struct OptionGroupTests {
    static func parse(_ arguments: [String]) throws -> ParsedArguments {
        try ParsedArguments(command: "test", arguments: arguments, options: [ModelsLocation.option],
                            allowsPositionals: false)
    }

    @Test("--models beats $ARCGEN_MODELS, which beats ./models; nothing given leaves a command its own default")
    func modelsLocation() throws {
        let env = ["ARCGEN_MODELS": "/env/models"]
        #expect(ModelsLocation(try Self.parse(["--models", "/flag/models"]), environment: env).directory == "/flag/models")
        #expect(ModelsLocation(try Self.parse([]), environment: env).directory == "/env/models")
        #expect(ModelsLocation(try Self.parse([]), environment: [:]).directory == "models")
        #expect(ModelsLocation(try Self.parse([]), environment: [:]).given == nil)
        #expect(ModelsLocation(environment: env).directory == "/env/models")
    }
}
