import Foundation

/// Writes an episode as pretty-printed JSON with sorted keys: the `Episode` value itself, so programs get every
/// field the text formats leave out. `EpisodeJSON.decode` reads it back to an equal `Episode`. The layout is
/// documented in `ArcgenScript.docc/EpisodeJSON.md`.
public struct JSONScriptWriter: ScriptWriter {
    public init() {}

    public var format: ScriptFormat { .json }

    public func write(_ episode: Episode) -> String {
        String(decoding: EpisodeJSON.encode(episode), as: UTF8.self) + "\n"
    }
}

/// Encoding and decoding of the episode JSON.
public enum EpisodeJSON {
    /// The UTF-8 JSON of `episode`, without a trailing newline. Keys are sorted and non-ASCII text is written as
    /// is, so the same episode always gives the same bytes.
    public static func encode(_ episode: Episode) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(episode)
        } catch {
            // An Episode holds only strings, integers, booleans and arrays of them: encoding cannot fail.
            preconditionFailure("encoding an Episode failed: \(error)")
        }
    }

    /// Reads episode JSON written by `encode` or `JSONScriptWriter`.
    /// - Parameter path: the file's name for messages, when it came from a file.
    /// - Throws: `ScriptError.invalidEpisodeJSON` naming the JSON path of the problem.
    public static func decode(_ data: Data, path: String? = nil) throws(ScriptError) -> Episode {
        do {
            return try JSONDecoder().decode(Episode.self, from: data)
        } catch let error as DecodingError {
            throw .invalidEpisodeJSON(path: path, detail: describe(error))
        } catch {
            throw .invalidEpisodeJSON(path: path, detail: "\(error)")
        }
    }

    /// `at scenes[1].elements[0].type: …` for a decoding error.
    static func describe(_ error: DecodingError) -> String {
        func location(_ path: [any CodingKey]) -> String {
            var out = ""
            for key in path {
                if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
            }
            return out.isEmpty ? "the top level" : out
        }
        switch error {
        case let .keyNotFound(key, context):
            return "at \(location(context.codingPath + [key])): missing key \"\(key.stringValue)\""
        case let .typeMismatch(type, context):
            return "at \(location(context.codingPath)): expected \(type); \(context.debugDescription)"
        case let .valueNotFound(type, context):
            return "at \(location(context.codingPath)): expected \(type), found null"
        case let .dataCorrupted(context):
            return "at \(location(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
