import Foundation
import Testing
@testable import ArcgenNeural

@Suite("Learning-rate schedule")
struct ScheduleTests {
    @Test("cosine runs from the base rate to a tenth; constant stays at the base rate")
    func schedules() {
        #expect(LearningRateSchedule.cosine.rate(base: 2e-3, progress: 0) == 2e-3)
        #expect(abs(LearningRateSchedule.cosine.rate(base: 2e-3, progress: 1) - 2e-4) < 1e-9)
        #expect(abs(LearningRateSchedule.cosine.rate(base: 2e-3, progress: 0.5) - 1.1e-3) < 1e-9)
        for p in [0.0, 0.3, 1.0] { #expect(LearningRateSchedule.constant.rate(base: 2e-3, progress: p) == 2e-3) }
    }

    @Test("options without a schedule decode as before and encode without the key")
    func compatibility() throws {
        let options = TrainingOptions()
        let json = try JSONEncoder().encode(options)
        #expect(!String(decoding: json, as: UTF8.self).contains("schedule"))
        var constant = options
        constant.schedule = .constant
        let decoded = try JSONDecoder().decode(TrainingOptions.self, from: JSONEncoder().encode(constant))
        #expect(decoded.schedule == .constant && decoded != options)
    }
}
