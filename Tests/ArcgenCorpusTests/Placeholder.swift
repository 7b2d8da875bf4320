import Testing
@testable import ArcgenCorpus

