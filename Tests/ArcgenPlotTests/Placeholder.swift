import Testing
@testable import ArcgenPlot

