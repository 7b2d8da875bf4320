/// Commands for arcs and plans (`arcs list|show|check|graph`, `plan`).
enum PlotCommands {
    static var all: [Command] { [] }
}
