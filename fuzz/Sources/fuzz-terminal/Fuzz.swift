import FlowFuzzing

/// libFuzzer's entry point for the terminal target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzTargets.run("terminal", Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
