import FlowFuzzing

/// libFuzzer's entry point for the media target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzTargets.run("media", Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
