import ArcgenCLI
import Foundation

let status = CommandLineTool().run(Array(CommandLine.arguments.dropFirst()), console: .standard)
exit(status)
