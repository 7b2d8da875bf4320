import Foundation
import Testing

/// The repository's own promises about itself, checked on its files: the README's module graph is Package.swift's,
/// and every Swift line keeps to the house's 120 columns, counted in UTF-8 bytes as the house's own check counts
/// them (so `ñ` or `→` takes two or three).
@Suite("Repository")
struct RepositoryTests {
    /// The checkout's root: this file is Tests/ArcgenSupportTests/RepositoryTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Each library and executable target of Package.swift with its direct dependencies (test targets aside).
    static func packageGraph() throws -> [String: Set<String>] {
        let text = try read("Package.swift")
        var graph: [String: Set<String>] = [:]
        let declarations = text.components(separatedBy: ".target(").dropFirst()
            + text.components(separatedBy: ".executableTarget(").dropFirst()
        for declaration in declarations {
            // A declaration ends where the next target begins.
            let body = declaration.components(separatedBy: "Target(")[0].components(separatedBy: ".target(")[0]
            guard let name = quoted(after: "name:", in: body) else { continue }
            var dependencies: Set<String> = []
            if let list = body.range(of: "dependencies: [") {
                let inside = body[list.upperBound...].prefix { $0 != "]" }
                // `"A", "B"` split at the quotes: the names are the odd pieces.
                dependencies = Set(String(inside).components(separatedBy: "\"").enumerated()
                    .filter { $0.offset % 2 == 1 }.map(\.element))
            }
            graph[name] = dependencies
        }
        return graph
    }

    static func quoted(after key: String, in text: String) -> String? {
        guard let k = text.range(of: key) else { return nil }
        let rest = text[k.upperBound...].drop { $0 == " " }
        guard rest.first == "\"" else { return nil }
        return String(rest.dropFirst().prefix { $0 != "\"" })
    }

    /// The README's graph: the lines `Module ← A, B,` (an indented line goes on with the list; `nothing` for
    /// none) between its two graph markers.
    static func readmeGraph() throws -> [String: Set<String>] {
        let text = try read("README.md")
        let start = try #require(text.range(of: "<!-- module graph -->"))
        let end = try #require(text.range(of: "<!-- end of module graph -->"))
        var graph: [String: Set<String>] = [:]
        var current: String?
        for line in text[start.upperBound ..< end.lowerBound].split(separator: "\n") {
            var uses = String(line)
            if line.contains("←") {
                let parts = line.components(separatedBy: "←")
                current = parts[0].trimmingCharacters(in: .whitespaces)
                uses = parts[1]
            } else if !line.hasPrefix(" ") {
                continue
            }
            guard let current else { continue }
            let names = uses.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && $0 != "nothing" }
            graph[current, default: []].formUnion(names)
        }
        return graph
    }

    @Test("the README's module graph is Package.swift's")
    func moduleGraph() throws {
        let package = try Self.packageGraph()
        #expect(package.count >= 10 && package["ArcgenCLI"]?.isEmpty == false)
        let readme = try Self.readmeGraph()
        for name in Set(package.keys).union(readme.keys).sorted() {
            #expect(readme[name] == package[name],
                    "\(name): README \(readme[name] ?? []), Package.swift \(package[name] ?? [])")
        }
    }

    @Test("every Swift line of Sources/ and Tests/ keeps to 120 UTF-8 bytes")
    func lineLength() throws {
        var long: [String] = []
        for folder in ["Sources", "Tests"] {
            let base = Self.root.appendingPathComponent(folder)
            let files = try #require(FileManager.default.enumerator(atPath: base.path))
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try Self.read(folder + "/" + file)
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.utf8.count > 120 {
                    long.append("\(folder)/\(file):\(n + 1) (\(line.utf8.count) bytes)")
                }
            }
        }
        #expect(long.isEmpty, "\(long.count) lines over 120 bytes: \(long.prefix(20).joined(separator: ", "))")
    }
}
