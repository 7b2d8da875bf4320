import ArcgenNeural
import Foundation
import Testing
@testable import ArcgenModels

@Suite("Training plan")
struct TrainingPlanTests {
    /// A plan as JSON, with `precision` replaced by the key manifests wrote before it existed.
    func olderJSON(half: Bool) throws -> Data {
        let data = try JSONEncoder().encode(ModelTrainingPlan())
        var object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["precision"] as? String == "int8")
        object["precision"] = nil
        object["halfPrecision"] = half
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test("new plans store int8; manifests from before the choice read as the fp16 or fp32 they wrote")
    func precision() throws {
        #expect(ModelTrainingPlan().precision == .int8)
        let plan = try JSONDecoder().decode(ModelTrainingPlan.self, from: JSONEncoder().encode(ModelTrainingPlan()))
        #expect(plan == ModelTrainingPlan())
        #expect(try JSONDecoder().decode(ModelTrainingPlan.self, from: olderJSON(half: true)).precision == .fp16)
        #expect(try JSONDecoder().decode(ModelTrainingPlan.self, from: olderJSON(half: false)).precision == .fp32)
    }

    @Test("a tag's fine-tune records the base's plan input, so its checkpoint resumes as it was made")
    func fineTunePlanInput() {
        var plan = ModelTrainingPlan()
        var base = plan.base
        base.planReading = .continuations
        base.planWidth = 16
        plan.setBase(base)
        let tag = plan.fineTuneOptions(tagIndex: 3)
        #expect(tag.planReading == .continuations && tag.planWidth == 16 && tag.planWords == nil)
    }
}
