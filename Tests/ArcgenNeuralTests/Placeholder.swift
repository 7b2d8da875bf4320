import Testing
@testable import ArcgenNeural

