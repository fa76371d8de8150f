/// Walks an MP4's boxes (ISO BMFF) over the whole stream, so `moov` may come before or after `mdat`: `ftyp`
/// first, with an MP4 brand (HEIC, AVIF and QuickTime refused by theirs); `moov` › `mvhd` for the duration, and
/// `trak` › `tkhd`, `mdia` › `hdlr`, `minf` › `stbl` › `stsd` for each track's size, kind and codecs. Everything else
/// is skipped by its size. Sizes may be 64-bit (size 1) or run to the end of the enclosing box (size 0); a box
/// must fit in its parent. Only those six containers are entered, and only where they belong, so nesting is at
/// most six deep whatever the file holds; at most `maxBoxes` boxes and `maxTracks` tracks are walked.
struct MP4Walker: MediaWalker {
    static let maxBoxes = 10_000
    static let maxTracks = 16
    static let mp4Brands: Set = ["isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V "]
    static let imageBrands: Set = [
        "heic", "heix", "hevc", "heim", "heis", "hevm", "hevs", "mif1", "msf1", "avif", "avis",
    ]
    /// Where each container is entered: its parent ("" at the top).
    private static let containers = [
        "moov": "", "trak": "moov", "mdia": "trak", "minf": "mdia", "stbl": "minf", "stsd": "stbl",
    ]
    /// The leaf boxes read, where they are read, and how many of their first bytes.
    private static let leaves: [String: (parent: String, most: Int)] = [
        "ftyp": ("", 264), "mvhd": ("moov", 32), "tkhd": ("trak", 96), "hdlr": ("mdia", 12),
    ]

    private struct Open: Sendable {
        var type: String
        /// UInt64.max: to the end of the file.
        var end: UInt64
    }

    private enum State: Sendable {
        case header, largeSize(type: String, at: UInt64), leaf(type: String, rest: UInt64), skipped
        case entries(end: UInt64), toEnd
    }

    private var state = State.header
    private var stack: [Open] = []
    private var boxes = 0
    private var sawMovie = false
    private var sawData = false
    private var movie: (timescale: UInt64, duration: UInt64)?
    private var tracks: [MP4Track] = []

    var firstStep: WalkStep { .read(8) }

    mutating func next(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(MediaRefusal) -> WalkStep {
        switch state {
        case .header:
            let size = bytes.bigEndian(0, 4) ?? 0
            let type = bytes.fourCC(4)
            if size == 1 {
                state = .largeSize(type: type, at: offset)
                return .read(8)
            }
            let end = size == 0 ? (stack.last?.end ?? .max) : offset + size
            return try open(type, at: offset, header: 8, end: end)
        case .largeSize(let type, let at):
            let size = bytes.bigEndian(0, 8) ?? 0
            guard size <= UInt64.max - at else { throw MediaRefusal("malformed MP4: a \(type) box of \(size) bytes") }
            return try open(type, at: at, header: 16, end: at + size)
        case .leaf(let type, let rest):
            try read(type, bytes)
            state = rest == .max ? .toEnd : .skipped
            return rest == .max ? .toEnd : .skip(rest)
        case .entries(let end):
            stack.append(Open(type: "stsd", end: end))
            return boundary(at: offset + UInt64(bytes.count))
        case .skipped:
            return boundary(at: offset)
        case .toEnd:
            throw MediaRefusal("malformed MP4: data after a box that runs to the end")
        }
    }

    /// A box's header has been read: enter it, read its start, or skip it.
    private mutating func open(_ type: String, at: UInt64, header: UInt64, end: UInt64) throws(MediaRefusal) -> WalkStep
    {
        boxes += 1
        guard boxes <= Self.maxBoxes else { throw MediaRefusal("malformed MP4: more than \(Self.maxBoxes) boxes") }
        let parent = stack.last
        guard end >= at + header, end <= parent?.end ?? .max else {
            throw MediaRefusal(
                "malformed MP4: a \(type) box at byte \(at) does not fit in \(parent?.type ?? "the file")")
        }
        let place = parent?.type ?? ""
        if at == 0 && type != "ftyp" { throw MediaRefusal("malformed MP4: the first box is \(type), not ftyp") }
        let payload = end == .max ? UInt64.max : end - at - header
        switch (place, type) {
        case ("", "moof"), ("moov", "mvex"): throw MediaRefusal("fragmented MP4 is not taken")
        case ("", "moov"):
            guard !sawMovie else { throw MediaRefusal("malformed MP4: two moov boxes") }
            sawMovie = true
        case ("", "mdat"): sawData = true
        case ("moov", "trak"):
            guard tracks.count < Self.maxTracks else {
                throw MediaRefusal("MP4 with more than \(Self.maxTracks) tracks")
            }
            tracks.append(MP4Track())
        case ("stsd", _): tracks[tracks.count - 1].entries.append(type)
        default: break
        }
        if Self.containers[type] == place {
            if type == "stsd" {
                guard payload >= 8 else { throw MediaRefusal("malformed MP4: an stsd box of \(payload) bytes") }
                state = .entries(end: end)
                return .read(8)
            }
            stack.append(Open(type: type, end: end))
            return boundary(at: at + header)
        }
        if let leaf = Self.leaves[type], leaf.parent == place {
            let wanted = min(payload, UInt64(leaf.most))
            state = .leaf(type: type, rest: payload == .max ? .max : payload - wanted)
            return .read(Int(wanted))
        }
        if payload == .max {
            state = .toEnd
            return .toEnd
        }
        state = .skipped
        return .skip(payload)
    }

    /// Past a box: close the containers that end here, then the next header.
    private mutating func boundary(at offset: UInt64) -> WalkStep {
        while let last = stack.last, last.end == offset { stack.removeLast() }
        state = .header
        return .read(8)
    }

    private mutating func read(_ type: String, _ bytes: ArraySlice<UInt8>) throws(MediaRefusal) {
        switch type {
        case "ftyp": try Self.checkBrands(bytes)
        case "mvhd":
            let long = bytes.byte(0) == 1
            guard let timescale = bytes.bigEndian(long ? 20 : 12, 4),
                let duration = bytes.bigEndian(long ? 24 : 16, long ? 8 : 4)
            else { throw MediaRefusal("malformed MP4: a movie header of \(bytes.count) bytes") }
            movie = (timescale, duration)
        case "tkhd": try tracks[tracks.count - 1].readHeader(bytes)
        default: tracks[tracks.count - 1].handler = bytes.fourCC(8)
        }
    }

    private static func checkBrands(_ bytes: ArraySlice<UInt8>) throws(MediaRefusal) {
        let major = bytes.fourCC(0)
        if imageBrands.contains(major) { throw MediaRefusal("a HEIC or AVIF image (brand \(major)) is not taken") }
        if major == "qt  " { throw MediaRefusal("a QuickTime movie is not taken: export it as MP4 (H.264, AAC)") }
        let compatible = stride(from: 8, to: bytes.count - 3, by: 4).map { bytes.fourCC($0) }
        guard mp4Brands.contains(major) || compatible.contains(where: mp4Brands.contains) else {
            throw MediaRefusal("an ISO media file of brand \(major), not MP4")
        }
    }

    func finish(size fileSize: UInt64, midStep: Bool) throws(MediaRefusal) -> MediaFacts {
        let atBoundary: Bool
        switch state {
        case .toEnd: atBoundary = true
        case .header: atBoundary = !midStep
        default: atBoundary = false
        }
        guard atBoundary, stack.allSatisfy({ $0.end == .max }) else {
            throw MediaRefusal("truncated MP4: the file ends inside a box at byte \(fileSize)")
        }
        guard sawMovie, let movie else { throw MediaRefusal("MP4 without a movie header (moov, mvhd)") }
        guard sawData else { throw MediaRefusal("MP4 without media data (mdat)") }
        if let problem = tracks.lazy.compactMap({ $0.problem() }).first { throw MediaRefusal(problem) }
        guard let video = tracks.first(where: { $0.handler == "vide" }) else {
            throw MediaRefusal("MP4 without a video track")
        }
        guard video.width > 0, video.height > 0, max(video.width, video.height) <= UInt64(MediaFacts.maxSide) else {
            throw MediaRefusal("MP4 video of \(video.width)×\(video.height) pixels")
        }
        return MediaFacts(
            kind: .mp4, width: Int(video.width), height: Int(video.height), duration: try Self.duration(movie),
            byteCount: fileSize)
    }

    private static func duration(_ movie: (timescale: UInt64, duration: UInt64)) throws(MediaRefusal) -> Duration {
        guard movie.timescale > 0, movie.duration > 0, movie.duration / movie.timescale < 1_000_000_000 else {
            throw MediaRefusal("MP4 of duration \(movie.duration) in a timescale of \(movie.timescale)")
        }
        let seconds = movie.duration / movie.timescale
        let milliseconds = movie.duration % movie.timescale * 1000 / movie.timescale
        return .seconds(Int64(seconds)) + .milliseconds(Int64(milliseconds))
    }
}
