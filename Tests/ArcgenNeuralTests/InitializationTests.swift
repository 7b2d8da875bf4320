import ArcgenSupport
import Foundation
import Testing
@testable import ArcgenNeural

@Suite("Weight initialisation")
struct InitializationTests {
    static let config = LSTMConfig(vocabularySize: 30, embedding: 8, hidden: 16, layers: 2)

    func draw(_ scheme: WeightInitialization) -> (ParameterLayout, [Float]) {
        var rng = SeededRandom(seed: 4)
        let layout = ParameterLayout(Self.config)
        return (layout, layout.initialParameters(Self.config, rng: &rng, scheme: scheme))
    }

    @Test("hidden: every LSTM and output weight within ±1/√hidden, biases the sum of two such draws, none at zero")
    func hidden() {
        let (layout, p) = draw(.hidden)
        let k: Float = 1 / 4
        for layer in layout.layers {
            for i in layer.inputWeights.lowerBound ..< layer.recurrentWeights.upperBound { #expect(abs(p[i]) <= k) }
            #expect(layer.bias.allSatisfy { abs(p[$0]) <= 2 * k && p[$0] != 0 })
            #expect(layer.bias.contains { abs(p[$0]) > k })     // a sum of two draws reaches past one
        }
        #expect(layout.outputBias.allSatisfy { abs(p[$0]) <= k && p[$0] != 0 })
    }

    @Test("fan-in: scaled by input + hidden, zero biases but the forget gate's at 1, zero output bias")
    func fanIn() {
        let (layout, p) = draw(.fanIn)
        let h = Self.config.hidden
        for (l, layer) in layout.layers.enumerated() {
            let s = 1 / Float(Self.config.inputSize(layer: l) + h).squareRoot()
            #expect(layer.inputWeights.allSatisfy { abs(p[$0]) <= s })
            let bias = Array(p[layer.bias])
            #expect(bias[h ..< 2 * h].allSatisfy { $0 == 1 })
            #expect(bias[0 ..< h].allSatisfy { $0 == 0 } && bias[(2 * h)...].allSatisfy { $0 == 0 })
        }
        #expect(layout.outputBias.allSatisfy { p[$0] == 0 })
        #expect(draw(.hidden).1 != p)
    }

    @Test("new runs draw hidden; options recorded before the choice existed decode as fan-in")
    func recipes() throws {
        #expect(TrainingOptions().initialization == .hidden)
        let json = try JSONEncoder().encode(TrainingOptions())
        var object = try #require(JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["initialization"] as? String == "hidden")
        object["initialization"] = nil
        let older = try JSONDecoder().decode(TrainingOptions.self,
                                             from: JSONSerialization.data(withJSONObject: object))
        #expect(older.initialization == nil)
    }
}
