import Testing
@testable import ArcgenEvaluation
