/// Commands of the LSTM engine (`train`, `sample`, `bench`).
enum EngineCommands {
    static var all: [Command] { [] }
}
