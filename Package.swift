// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Every target gets the host CPU's vector instructions: without `-target-cpu`, `SIMD.addingProduct` lowers to a
/// scalar `fmaf` call per lane and the LSTM kernels run about 100 times slower (see ../shared/STYLE.md).
let nativeCPU: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]

/// The kernels alone are built `-Ounchecked` in release: it drops overflow checks, preconditions and the checks behind
/// `!` and array subscripts, so a broken invariant there is undefined behaviour rather than a trap. That is why only
/// the kernels get it (they index raw buffers their callers size), and everything that decodes a file stays checked.
/// Debug builds optimise them too (`-O`, checks kept): at `-Onone` every SIMD operation is a call, and the tests
/// that train a model would take minutes instead of seconds.
let kernelSettings: [SwiftSetting] = nativeCPU + [
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
] + (hostHasWideVectors ? [.define("ARCGEN_WIDE_VECTORS")] : [])

/// Whether the host (the machine `-target-cpu native` builds for) has AVX-512's 32 registers of 512 bits: the GEMM
/// micro-kernel's tile is sized to the registers there are, and a tile that does not fit spills at every step.
/// Read from Linux's /proc/cpuinfo; elsewhere the 256-bit tile, which fits every other vector unit we build on.
var hostHasWideVectors: Bool {
    guard let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
    return cpu.split(separator: "\n").contains { $0.hasPrefix("flags") && $0.split(separator: " ").contains("avx512f") }
}

let package = Package(
    name: "arcgen",
    products: [
        .executable(name: "arcgen", targets: ["arcgen"]),
    ],
    targets: [
        // Seeded randomness, atomic files, checksums, binary coding: shared by every other module.
        .target(name: "ArcgenSupport", swiftSettings: nativeCPU),
        // The unsafe bottom: GEMM, activations, the LSTM cell, the two-thread team, on raw buffers; `package` API only.
        .target(name: "ArcgenKernels", swiftSettings: kernelSettings),
        // arcs/vocabulary.json, read in one place: the beat tags and the roles with their cues and default names.
        .target(name: "ArcgenVocabulary", dependencies: ["ArcgenSupport"], swiftSettings: nativeCPU),
        // Fountain, the screenplay format: one element type, the parser (whole files or one scene's body), the
        // writer, and the line rules both share; the script elements (a cue and its lines grouped into a speech),
        // grouped from and written back to Fountain elements. Knows nothing of telenovelas.
        .target(name: "ArcgenFountain", swiftSettings: nativeCPU),
        // The LSTM engine: model, training, sampling, tokenizers, model files. Knows nothing of telenovelas.
        .target(name: "ArcgenNeural", dependencies: ["ArcgenSupport", "ArcgenKernels"], swiftSettings: nativeCPU),
        // Arc files, lint and the finite-state plot planner. Names tags; knows nothing of LSTMs.
        .target(name: "ArcgenPlot", dependencies: ["ArcgenSupport", "ArcgenVocabulary"], swiftSettings: nativeCPU),
        // The tagged Fountain corpus: parsing, checking, statistics.
        .target(
            name: "ArcgenCorpus", dependencies: ["ArcgenSupport", "ArcgenVocabulary", "ArcgenFountain"],
            swiftSettings: nativeCPU
        ),
        // Figures that judge generated text: held-out bits/char baselines, a beat classifier, word validity,
        // diversity, repetition and verbatim copying.
        .target(
            name: "ArcgenEvaluation", dependencies: ["ArcgenSupport", "ArcgenVocabulary", "ArcgenFountain"],
            swiftSettings: nativeCPU
        ),
        // Where the corpus meets the engine: the per-tag training pipeline, the manifest, loading a tag's model,
        // and the evaluation of the shipped models.
        .target(
            name: "ArcgenModels",
            dependencies: [
                "ArcgenSupport", "ArcgenNeural", "ArcgenCorpus", "ArcgenEvaluation", "ArcgenVocabulary",
                "ArcgenFountain",
            ],
            swiftSettings: nativeCPU
        ),
        // Screenplay output: the episode's script as Fountain, Markdown and JSON.
        .target(
            name: "ArcgenScript", dependencies: ["ArcgenSupport", "ArcgenVocabulary", "ArcgenFountain"],
            swiftSettings: nativeCPU
        ),
        // Where a plan meets the models: an episode written scene by scene by each beat's model.
        .target(
            name: "ArcgenEpisode",
            dependencies: [
                "ArcgenSupport", "ArcgenNeural", "ArcgenPlot", "ArcgenModels", "ArcgenScript", "ArcgenCorpus",
                "ArcgenVocabulary", "ArcgenFountain",
            ],
            swiftSettings: nativeCPU
        ),
        // The command-line surface: argument tables, usage text, the commands themselves.
        .target(
            name: "ArcgenCLI",
            dependencies: [
                "ArcgenSupport", "ArcgenNeural", "ArcgenPlot", "ArcgenCorpus", "ArcgenEvaluation", "ArcgenModels",
                "ArcgenScript", "ArcgenEpisode",
            ],
            swiftSettings: nativeCPU
        ),
        .executableTarget(name: "arcgen", dependencies: ["ArcgenCLI"], swiftSettings: nativeCPU),

        .testTarget(name: "ArcgenSupportTests", dependencies: ["ArcgenSupport"], swiftSettings: nativeCPU),
        .testTarget(
            name: "ArcgenKernelsTests", dependencies: ["ArcgenKernels", "ArcgenSupport"], swiftSettings: nativeCPU
        ),
        .testTarget(
            name: "ArcgenNeuralTests", dependencies: ["ArcgenNeural", "ArcgenSupport"], swiftSettings: nativeCPU
        ),
        .testTarget(name: "ArcgenFountainTests", dependencies: ["ArcgenFountain"], swiftSettings: nativeCPU),
        .testTarget(
            name: "ArcgenPlotTests", dependencies: ["ArcgenPlot", "ArcgenSupport", "ArcgenVocabulary"],
            swiftSettings: nativeCPU
        ),
        .testTarget(
            name: "ArcgenCorpusTests", dependencies: ["ArcgenCorpus", "ArcgenFountain", "ArcgenSupport"],
            swiftSettings: nativeCPU
        ),
        .testTarget(
            name: "ArcgenEvaluationTests", dependencies: ["ArcgenEvaluation", "ArcgenVocabulary"],
            swiftSettings: nativeCPU
        ),
        .testTarget(
            name: "ArcgenScriptTests",
            dependencies: ["ArcgenScript", "ArcgenFountain", "ArcgenSupport", "ArcgenVocabulary"],
            swiftSettings: nativeCPU
        ),
        .testTarget(
            name: "ArcgenModelsTests",
            dependencies: [
                "ArcgenModels", "ArcgenNeural", "ArcgenCorpus", "ArcgenEvaluation", "ArcgenSupport", "ArcgenVocabulary",
            ],
            swiftSettings: nativeCPU
        ),
        .testTarget(
            name: "ArcgenEpisodeTests",
            dependencies: [
                "ArcgenEpisode", "ArcgenModels", "ArcgenNeural", "ArcgenPlot", "ArcgenScript", "ArcgenCorpus",
                "ArcgenSupport", "ArcgenVocabulary", "ArcgenFountain",
            ],
            swiftSettings: nativeCPU
        ),
        .testTarget(name: "ArcgenCLITests", dependencies: ["ArcgenCLI"], swiftSettings: nativeCPU),
    ]
)
