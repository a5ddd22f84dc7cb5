import Testing
import ZeroCopyIPC

@Suite struct ServiceNameTests {
    @Test func acceptsNamesUpTo255Bytes() throws {
        #expect(try ServiceName("a/b").value == "a/b")
        #expect(try ServiceName(String(repeating: "x", count: 255)).value.utf8.count == 255)
    }

    @Test func refusesEmptyAndLongNames() {
        #expect(throws: ServiceNameError.empty) { try ServiceName("") }
        #expect(throws: ServiceNameError.tooLong(length: 256)) { try ServiceName(String(repeating: "x", count: 256)) }
    }
}
