import Dispatch

/// Single-precision matrix multiplication for the LSTM: `C (m×n) = op(A) (m×k) · op(B) (k×n) [+ C]`, row-major.
///
/// Why our own: no BLAS is allowed, and the LSTM's time is almost all here. The design is the classic one (Goto):
/// B is packed into column panels contiguous along k; A is read in place, its rows already running along k, except
/// when it is read transposed, which is packed into row panels (and the recurrence packs its own h as it computes it,
/// `packColumns`). The micro-kernel keeps its tile of C in vector registers and issues fused multiply-adds; the tile
/// follows the host's registers (`Package.swift` defines `ARCGEN_WIDE_VECTORS` when the CPU has AVX-512): 8×32 in
/// sixteen `SIMD16<Float>` accumulators where there are 32 registers of 512 bits, 6×16 in twelve `SIMD8<Float>`
/// where there are 16 of 256 (AVX2; the 8×32 tile needs 32 of those and spilled them to the stack at every k step).
/// Column panels are split across cores; every output element is computed by one thread in a fixed order — within a
/// k block, one fused multiply-add per k from zero, whatever the tile — so results do not depend on the number of
/// threads or the tile, and training stays bit-reproducible.
package enum GEMM {
    #if ARCGEN_WIDE_VECTORS
    /// Micro-kernel tile: rows of A and columns of B.
    static let mr = 8
    static let nr = 32
    /// One row of the tile is two of these.
    typealias Lane = SIMD16<Float>
    #else
    /// Micro-kernel tile: rows of A and columns of B.
    static let mr = 6
    static let nr = 16
    /// One row of the tile is two of these.
    typealias Lane = SIMD8<Float>
    #endif
    /// Depth of one k block: a packed B panel (kc × nr floats, 16 or 32 KiB) stays in L1 while A streams past it.
    /// It also fixes where partial sums are added into C, so changing it changes results in the last bits.
    static let kc = 256
    /// Below this many multiply-adds a call runs on one thread: dispatch costs more than it saves.
    static let parallelThreshold = 1 << 18

    /// B packed for reuse across calls (weights do not change between the forward and backward pass of one step).
    package struct PackedB: @unchecked Sendable {
        package let k: Int
        package let n: Int
        /// (kBlocks, nPanels, kcActual, nr), zero-padded past n.
        let storage: UnsafeMutablePointer<Float>
        let panels: Int
        private let owner: Owner

        final class Owner: @unchecked Sendable {
            let pointer: UnsafeMutablePointer<Float>
            let capacity: Int
            init(count: Int) { (pointer, capacity) = ScratchPool.take(count) }
            deinit { ScratchPool.give(pointer, capacity: capacity) }
        }

        /// Packs `op(B)` (k×n): `b` is row-major with leading dimension `ldb`; `transposed` reads `B[p, j]` at
        /// `b[j * ldb + p]`.
        package init(k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int, transposed: Bool) {
            self.k = k
            self.n = n
            panels = (n + GEMM.nr - 1) / GEMM.nr
            owner = Owner(count: k * panels * GEMM.nr)
            storage = owner.pointer
            let nr = GEMM.nr
            let kBlocks = (k + GEMM.kc - 1) / GEMM.kc
            let panels = self.panels
            let storage = self.storage
            let packOne: (Int) -> Void = { item in
                let kb = item / panels, panel = item % panels
                let p0 = kb * GEMM.kc
                let kcActual = min(GEMM.kc, k - p0)
                let dst = storage + p0 * panels * nr + panel * kcActual * nr
                let j0 = panel * nr
                let width = min(nr, n - j0)
                for p in 0 ..< kcActual {
                    let row = dst + p * nr
                    if transposed {
                        for j in 0 ..< width { row[j] = b[(j0 + j) * ldb + p0 + p] }
                    } else {
                        let src = b + (p0 + p) * ldb + j0
                        for j in 0 ..< width { row[j] = src[j] }
                    }
                    for j in width ..< nr { row[j] = 0 }
                }
            }
            if k * n >= 1 << 18 {
                parallelFor(kBlocks * panels, packOne)
            } else {
                for i in 0 ..< kBlocks * panels { packOne(i) }
            }
        }

        /// Pointer to the packed panel `panel` of k block starting at `p0` (panel layout kcActual × nr).
        @inline(__always)
        func panel(_ panel: Int, blockStart p0: Int, depth kcActual: Int) -> UnsafePointer<Float> {
            UnsafePointer(storage + p0 * panels * GEMM.nr + panel * kcActual * GEMM.nr)
        }
    }

    /// `C = op(A)·op(B) (+ C when accumulate)` with B packed in advance.
    /// - Parameters:
    ///   - a: row-major, `A[i, p]` at `a[i * lda + p]`, or at `a[p * lda + i]` when `transA`.
    ///   - c: row-major with leading dimension `ldc`.
    package static func multiply(
        m: Int, a: UnsafePointer<Float>, lda: Int, transA: Bool,
        b: PackedB, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        let k = b.k, n = b.n
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate { for i in 0 ..< m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        let rowTiles = (m + mr - 1) / mr
        let kBlocks = (k + kc - 1) / kc
        let big = m * n * k >= parallelThreshold
        // Aᵀ is packed for every k block: block starting at p0 holds (rowTiles, depth, mr) at offset
        // rowTiles·mr·p0. A itself is read in place: its rows already run along k, and copying it cost more than the
        // strided reads.
        let scratch = transA ? ScratchPool.take(rowTiles * mr * k) : nil
        defer { if let scratch { ScratchPool.give(scratch.pointer, capacity: scratch.capacity) } }
        if let aPack = scratch?.pointer {
            let packItems = kBlocks * rowTiles
            let packBody: (Int) -> Void = { item in
                let kb = item / rowTiles, tile = item % rowTiles
                let p0 = kb * kc, depth = min(kc, k - p0)
                packTransposedA(m: m, p0: p0, depth: depth, tile: tile, a: a, lda: lda,
                                into: aPack + rowTiles * mr * p0 + tile * depth * mr)
            }
            if big && m * k >= 1 << 16 {
                parallelFor(packItems, packBody)
            } else {
                for i in 0 ..< packItems { packBody(i) }
            }
        }

        // Work items are (row block, panel chunk) pairs: a row block of packed A (16 tiles × depth, ≤ 96 KiB)
        // stays in L2 while the chunk's B panels stream through L1 — the Goto/BLIS loop order. Each item runs all
        // k blocks in order, so every element of C is summed in the same order whatever the thread count.
        let panels = b.panels
        let aPacked = scratch.map { UnsafePointer($0.pointer) }
        let tilesPerBlock = 16
        let rowBlocks = (rowTiles + tilesPerBlock - 1) / tilesPerBlock
        let panelsPerChunk = rowBlocks >= 4 ? 4 : max(1, min(4, panels / 4))
        let chunks = (panels + panelsPerChunk - 1) / panelsPerChunk
        let body: (Int) -> Void = { item in
            let rb = item / chunks, ch = item % chunks
            for kb in 0 ..< kBlocks {
                let p0 = kb * kc, depth = min(kc, k - p0)
                let first = kb == 0 && !accumulate
                for panel in ch * panelsPerChunk ..< min(panels, (ch + 1) * panelsPerChunk) {
                    let bp = b.panel(panel, blockStart: p0, depth: depth)
                    let j0 = panel * nr
                    let width = min(nr, n - j0)
                    for tile in rb * tilesPerBlock ..< min(rowTiles, (rb + 1) * tilesPerBlock) {
                        let i0 = tile * mr
                        let rows = min(mr, m - i0)
                        if let aPacked {
                            microKernel(depth: depth, a: aPacked + rowTiles * mr * p0 + tile * depth * mr, b: bp,
                                        c: c + i0 * ldc + j0, ldc: ldc, rows: rows, cols: width, overwrite: first)
                        } else {
                            microKernel(depth: depth, rowsOf: a + i0 * lda + p0, lda: lda, b: bp,
                                        c: c + i0 * ldc + j0, ldc: ldc, rows: rows, cols: width, overwrite: first)
                        }
                    }
                }
            }
        }
        let items = rowBlocks * chunks
        if big && items > 1 {
            parallelFor(items, body)
        } else {
            for item in 0 ..< items { body(item) }
        }
    }

    /// Convenience: packs B and multiplies. Use `PackedB` directly when B is reused.
    package static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        let packed = PackedB(k: k, n: n, b: b, ldb: ldb, transposed: transB)
        multiply(m: m, a: a, lda: lda, transA: transA, b: packed, c: c, ldc: ldc, accumulate: accumulate)
    }

    // MARK: A packed by its producer

    /// Floats in A packed for every k block: rows rounded up to whole tiles of mr rows, times k.
    package static func packedCount(m: Int, k: Int) -> Int { (m + mr - 1) / mr * mr * k }

    /// Writes columns `columns` of row-major A (m×k, `A[i, p]` at `a[i * lda + p]`) into A's packed layout: the k
    /// block starting at p0 holds (tiles, depth, mr) at offset tiles·mr·p0. The producer of some columns of A packs
    /// just those, so two threads can each pack what they computed. Rows past m are left as they are: the micro-kernel
    /// never stores them.
    package static func packColumns(
        m: Int, k: Int, columns: Range<Int>, a: UnsafePointer<Float>, lda: Int, into packed: UnsafeMutablePointer<Float>
    ) {
        forEachPackedBlock(m: m, k: k, columns: columns, packed: packed) { block, depth, p0, span in
            for i in 0 ..< m {
                let src = a + i * lda
                let dst = block + (i / mr) * depth * mr + i % mr
                for q in span { dst[(q - p0) * mr] = src[q] }
            }
        }
    }

    /// Zeroes `rows` of columns `columns` in A's packed layout (`packColumns`): a stream whose state starts afresh
    /// at this step multiplies zeros, while the row it was packed from stays what the layer above reads.
    package static func clearPackedRows(
        _ rows: [Int], m: Int, k: Int, columns: Range<Int>, in packed: UnsafeMutablePointer<Float>
    ) {
        guard !rows.isEmpty else { return }
        forEachPackedBlock(m: m, k: k, columns: columns, packed: packed) { block, depth, p0, span in
            for i in rows {
                let dst = block + (i / mr) * depth * mr + i % mr
                for q in span { dst[(q - p0) * mr] = 0 }
            }
        }
    }

    /// The k blocks of A's packed layout that `columns` touch: each block's start in `packed`, its depth, its first
    /// column and the columns of `columns` in it.
    @inline(__always)
    static func forEachPackedBlock(
        m: Int, k: Int, columns: Range<Int>, packed: UnsafeMutablePointer<Float>,
        _ body: (_ block: UnsafeMutablePointer<Float>, _ depth: Int, _ p0: Int, _ span: Range<Int>) -> Void
    ) {
        let rowTiles = (m + mr - 1) / mr
        var p = columns.lowerBound
        while p < columns.upperBound {
            let p0 = p / kc * kc, depth = min(kc, k - p0)
            let end = min(columns.upperBound, p0 + depth)
            body(packed + rowTiles * mr * p0, depth, p0, p ..< end)
            p = end
        }
    }

    /// `C = A·B (+ C)` on the calling thread, A already packed (`packColumns`): for work that is already split
    /// between threads.
    package static func multiplySerial(
        m: Int, packedA: UnsafePointer<Float>, b: PackedB, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        let k = b.k, n = b.n
        if m == 0 || n == 0 || k == 0 { return }
        let rowTiles = (m + mr - 1) / mr
        for p0 in stride(from: 0, to: k, by: kc) {
            let depth = min(kc, k - p0)
            let first = p0 == 0 && !accumulate
            let aBlock = packedA + rowTiles * mr * p0
            for panel in 0 ..< b.panels {
                let bp = b.panel(panel, blockStart: p0, depth: depth)
                let j0 = panel * nr
                let width = min(nr, n - j0)
                for tile in 0 ..< rowTiles {
                    let i0 = tile * mr
                    microKernel(depth: depth, a: aBlock + tile * depth * mr, b: bp, c: c + i0 * ldc + j0, ldc: ldc,
                                rows: min(mr, m - i0), cols: width, overwrite: first)
                }
            }
        }
    }

    /// Packs one tile of mr rows of Aᵀ (A[i, p] at `a[p * lda + i]`) for the k block [p0, p0+depth) as (depth, mr),
    /// zero-padding missing rows.
    @inline(__always)
    static func packTransposedA(m: Int, p0: Int, depth: Int, tile: Int, a: UnsafePointer<Float>, lda: Int,
                                into base: UnsafeMutablePointer<Float>) {
        let i0 = tile * mr
        let rows = min(mr, m - i0)
        for p in 0 ..< depth {
            let src = a + (p0 + p) * lda + i0
            let d = base + p * mr
            for r in 0 ..< rows { d[r] = src[r] }
            for r in rows ..< mr { d[r] = 0 }
        }
    }

    /// A tile from packed A: two loads of B and one broadcast of A per k step.
    @inline(__always)
    static func microKernel(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                            c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int, overwrite: Bool) {
        #if ARCGEN_WIDE_VECTORS
        let offsets = (0, 1, 2, 3, 4, 5, 6, 7)
        #else
        let offsets = (0, 1, 2, 3, 4, 5)
        #endif
        microKernel(depth: depth, a: a, rowOffsets: offsets, kStep: mr, b: b, c: c, ldc: ldc,
                    rows: rows, cols: cols, overwrite: overwrite)
    }

    /// The same tile reading A in place, row r at `rowsOf + r·lda`. Rows past `rows` re-read the last row, whose
    /// results are never stored, so a partial tile does not read past A.
    @inline(__always)
    static func microKernel(depth: Int, rowsOf a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                            c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int, overwrite: Bool) {
        let last = rows - 1
        #if ARCGEN_WIDE_VECTORS
        let offsets = (0, min(1, last) * lda, min(2, last) * lda, min(3, last) * lda,
                       min(4, last) * lda, min(5, last) * lda, min(6, last) * lda, min(7, last) * lda)
        #else
        let offsets = (0, min(1, last) * lda, min(2, last) * lda, min(3, last) * lda, min(4, last) * lda,
                       min(5, last) * lda)
        #endif
        microKernel(depth: depth, a: a, rowOffsets: offsets, kStep: 1, b: b, c: c, ldc: ldc, rows: rows, cols: cols,
                    overwrite: overwrite)
    }

    #if ARCGEN_WIDE_VECTORS
    /// Where each of the tile's rows of A starts.
    typealias RowOffsets = (Int, Int, Int, Int, Int, Int, Int, Int)
    #else
    typealias RowOffsets = (Int, Int, Int, Int, Int, Int)
    #endif

    /// The tile: A[r, p] at `a[rowOffsets.r + p·kStep]`, B packed (depth, nr). Rows 6 and 7 exist only in the wide
    /// tile.
    @inline(__always)
    static func microKernel(depth: Int, a: UnsafePointer<Float>, rowOffsets o: RowOffsets, kStep: Int,
                            b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int,
                            overwrite: Bool) {
        typealias V = Lane
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        #if ARCGEN_WIDE_VECTORS
        var c60 = V(), c61 = V(), c70 = V(), c71 = V()
        #endif
        let braw = UnsafeRawPointer(b)
        var ap = a
        var bo = 0
        for _ in 0 ..< depth {
            let b0 = braw.loadUnaligned(fromByteOffset: bo, as: V.self)
            let b1 = braw.loadUnaligned(fromByteOffset: bo + MemoryLayout<V>.size, as: V.self)
            var s = V(repeating: ap[o.0]); c00 = c00.addingProduct(s, b0); c01 = c01.addingProduct(s, b1)
            s = V(repeating: ap[o.1]); c10 = c10.addingProduct(s, b0); c11 = c11.addingProduct(s, b1)
            s = V(repeating: ap[o.2]); c20 = c20.addingProduct(s, b0); c21 = c21.addingProduct(s, b1)
            s = V(repeating: ap[o.3]); c30 = c30.addingProduct(s, b0); c31 = c31.addingProduct(s, b1)
            s = V(repeating: ap[o.4]); c40 = c40.addingProduct(s, b0); c41 = c41.addingProduct(s, b1)
            s = V(repeating: ap[o.5]); c50 = c50.addingProduct(s, b0); c51 = c51.addingProduct(s, b1)
            #if ARCGEN_WIDE_VECTORS
            s = V(repeating: ap[o.6]); c60 = c60.addingProduct(s, b0); c61 = c61.addingProduct(s, b1)
            s = V(repeating: ap[o.7]); c70 = c70.addingProduct(s, b0); c71 = c71.addingProduct(s, b1)
            #endif
            ap += kStep
            bo += 2 * MemoryLayout<V>.size
        }
        if rows == mr && cols == nr {
            store(c00, c01, c + 0 * ldc, overwrite); store(c10, c11, c + 1 * ldc, overwrite)
            store(c20, c21, c + 2 * ldc, overwrite); store(c30, c31, c + 3 * ldc, overwrite)
            store(c40, c41, c + 4 * ldc, overwrite); store(c50, c51, c + 5 * ldc, overwrite)
            #if ARCGEN_WIDE_VECTORS
            store(c60, c61, c + 6 * ldc, overwrite); store(c70, c71, c + 7 * ldc, overwrite)
            #endif
            return
        }
        withUnsafeTemporaryAllocation(of: V.self, capacity: 2 * mr) { tile in
            tile[0] = c00; tile[1] = c01; tile[2] = c10; tile[3] = c11; tile[4] = c20; tile[5] = c21
            tile[6] = c30; tile[7] = c31; tile[8] = c40; tile[9] = c41; tile[10] = c50; tile[11] = c51
            #if ARCGEN_WIDE_VECTORS
            tile[12] = c60; tile[13] = c61; tile[14] = c70; tile[15] = c71
            #endif
            storeEdge(tile, c: c, ldc: ldc, rows: rows, cols: cols, overwrite: overwrite)
        }
    }

    /// Adds one row's two accumulators into C, or writes them on a k block's first pass.
    @inline(__always)
    static func store(_ lo: Lane, _ hi: Lane, _ row: UnsafeMutablePointer<Float>, _ overwrite: Bool) {
        let raw = UnsafeMutableRawPointer(row), width = MemoryLayout<Lane>.size
        if overwrite {
            raw.storeBytes(of: lo, as: Lane.self)
            (raw + width).storeBytes(of: hi, as: Lane.self)
        } else {
            raw.storeBytes(of: raw.loadUnaligned(as: Lane.self) + lo, as: Lane.self)
            (raw + width).storeBytes(of: (raw + width).loadUnaligned(as: Lane.self) + hi, as: Lane.self)
        }
    }

    /// An edge tile, its accumulators spilled to `tile` (two per row): stores only the part inside C.
    static func storeEdge(_ tile: UnsafeMutableBufferPointer<Lane>, c: UnsafeMutablePointer<Float>, ldc: Int,
                          rows: Int, cols: Int, overwrite: Bool) {
        let values = UnsafeRawPointer(tile.baseAddress!).assumingMemoryBound(to: Float.self)
        for r in 0 ..< rows {
            let row = c + r * ldc
            for j in 0 ..< cols { row[j] = overwrite ? values[r * nr + j] : row[j] + values[r * nr + j] }
        }
    }
}
