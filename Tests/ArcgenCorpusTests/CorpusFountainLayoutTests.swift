import ArcgenFountain
import Foundation
import Testing
@testable import ArcgenCorpus

@Suite("Corpus files in the Fountain writer's layout")
struct CorpusFountainLayoutTests {
    @Test("every shipped corpus file survives parse → write → parse, and is written back byte for byte")
    func roundTripCorpus() throws {
        let files = try Corpus.fountainFiles(in: PackagePaths.corpus.path)
        #expect(files.count >= 30)
        for path in files {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let first = FountainParser.parse(text)
            let written = FountainWriter.write(first)
            #expect(FountainParser.parse(written).kinds == first.kinds, "\(path)")
            #expect(written == text, "\(path) is not in the writer's canonical layout")
        }
    }
}
