import ArcgenSupport
import Foundation

/// A training text read from disk, checked, tokenized and split into training and validation parts.
public struct TrainingText: Sendable {
    public let tokenizer: any Tokenizer
    public let train: [Int32]
    public let validation: [Int32]
    /// FNV-1a 64 of the file's bytes, hex: the name of the exact text a model was trained on.
    public let hash: String
    public let bytes: Int

    /// Reads `path` as UTF-8 and prepares it.
    /// - Throws: `SupportError.invalidUTF8` with the byte offset, `SupportError.io` when unreadable.
    public static func load(path: String, tokenizer kind: TokenizerSpec.Kind, bpeVocabulary: Int,
                            validationFraction: Double = 0.1, existing: (any Tokenizer)? = nil) throws -> TrainingText {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SupportError.io(path: path, reason: "cannot read the file (does it exist?)")
        }
        let bytes = [UInt8](data)
        let text = try UTF8Text.decode(bytes, path: path)
        return TrainingText(text: text, hash: FNV1a64.hex(FNV1a64.hash(bytes)), byteCount: bytes.count, tokenizer: kind,
                            bpeVocabulary: bpeVocabulary, validationFraction: validationFraction, existing: existing)
    }

    /// Splits `text` so the last `validationFraction` (cut at a line break when there is one nearby) is held out.
    /// The character vocabulary covers the whole text; BPE merges are learned from the training part only.
    public init(text: String, hash: String, byteCount: Int, tokenizer kind: TokenizerSpec.Kind, bpeVocabulary: Int,
                validationFraction: Double = 0.1, existing: (any Tokenizer)? = nil) {
        let normalized = normalizedText(text)
        let scalars = Array(normalized.unicodeScalars)
        var cut = Int(Double(scalars.count) * (1 - validationFraction))
        if let newline = scalars[..<cut].lastIndex(of: "\n"), cut - newline < 2000 { cut = newline + 1 }
        let trainText = String(String.UnicodeScalarView(scalars[..<cut]))
        let validationText = String(String.UnicodeScalarView(scalars[cut...]))
        let tok: any Tokenizer
        if let existing { tok = existing }
        else if kind == .bpe {
            // The base alphabet from the whole text, so the held-out part has no unknown characters.
            tok = BPETokenizer(learningFrom: trainText, vocabularySize: bpeVocabulary, alphabetFrom: normalized)
        } else {
            tok = CharTokenizer(learningFrom: normalized)
        }
        tokenizer = tok
        train = tok.encode(trainText)
        validation = tok.encode(validationText)
        self.hash = hash
        bytes = byteCount
    }
}
