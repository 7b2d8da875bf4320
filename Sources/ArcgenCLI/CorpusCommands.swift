/// Commands for the tagged corpus (`corpus check`, `corpus stats`).
enum CorpusCommands {
    static var all: [Command] { [] }
}
