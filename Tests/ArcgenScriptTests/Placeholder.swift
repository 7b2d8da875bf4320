import Testing
@testable import ArcgenScript
