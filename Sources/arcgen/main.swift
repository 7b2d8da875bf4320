import ArcgenCLI
import Foundation

Console.reserveStandardDescriptors()
let status = CommandLineTool().run(Array(CommandLine.arguments.dropFirst()), console: .standard)
exit(status)
