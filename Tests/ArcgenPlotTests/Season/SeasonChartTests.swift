import Foundation
import Testing

@testable import ArcgenPlot

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Season chart")
struct SeasonChartTests {
    static func season(episodes: Int, language: Language = .es) throws -> Season {
        let s = SeasonSchedulerTests.shipped
        return try SeasonScheduler().schedule(
            SeasonRequest(
                arcs: [s["lost-love"]!, s["rivalry"]!, s["long-lost-relative"]!],
                finale: s["big-wedding"]!, episodes: episodes, seed: 3, language: language))
    }

    /// Every `<text x="…" …>label</text>` that is not rotated: where it starts and what it says.
    static func texts(_ svg: String) -> [(x: Double, text: String)] {
        let pattern = try! NSRegularExpression(
            pattern: "<text x=\"([0-9.]+)\" y=\"[0-9.]+\"(?: text-anchor=\"(?:start)\")?>([^<]*)</text>")
        return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { m in
            (Double(svg[Range(m.range(at: 1), in: svg)!])!, String(svg[Range(m.range(at: 2), in: svg)!]))
        }
    }

    static func width(_ svg: String) -> Double {
        let m = try! NSRegularExpression(pattern: "width=\"([0-9.]+)\"").firstMatch(
            in: svg, range: NSRange(svg.startIndex..., in: svg))!
        return Double(svg[Range(m.range(at: 1), in: svg)!])!
    }

    @Test("at 12, 120 and 200 episodes, in both languages, the legend stays inside the picture",
          arguments: [12, 120, 200])
    func legendFits(episodes: Int) throws {
        for language in Language.allCases {
            let svg = SeasonSVG.svg(try Self.season(episodes: episodes, language: language))
            let width = Self.width(svg)
            #expect(width >= SeasonSVG.minimumPlotWidth)
            for t in Self.texts(svg) where !t.text.contains("—") {
                #expect(
                    t.x + Double(t.text.count) * SeasonSVG.characterWidth <= width,
                    "'\(t.text)' runs off a \(width)-px picture")
            }
            #expect(XMLParser(data: Data(svg.utf8)).parse())
        }
    }

    @Test("the picture explains itself: the tension axis is labelled, the dots and the secret marks have a legend")
    func explained() throws {
        let season = try Self.season(episodes: 12, language: .en)
        let svg = SeasonSVG.svg(season)
        #expect(svg.contains(">tension (0–10)</text>"))
        #expect(svg.contains(">tension of the scene that ends the episode (the hook)</text>"))
        #expect(svg.contains(">a secret is hidden</text>") && svg.contains(">a secret is revealed</text>"))
        // Who plays what: every cast member's name and role, on the cast rows.
        for member in season.cast { #expect(svg.contains("\(member.name) (\(member.role))"), "\(member)") }
        #expect(svg.contains(">Cast A: "))
        // One mark per episode that hides, one per episode that reveals (plus the two in the legend).
        let hiding = season.episodes.filter { $0.scenes.contains { !$0.scene.hides.isEmpty } }.count
        let revealing = season.episodes.filter { $0.scenes.contains { !$0.scene.reveals.isEmpty } }.count
        #expect(hiding > 0 && revealing > 0)
        #expect(svg.components(separatedBy: "<title>hides: ").count - 1 == hiding)
        #expect(svg.components(separatedBy: "<title>reveals: ").count - 1 == revealing)
    }
}
