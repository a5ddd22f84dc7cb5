import CClang

/// Small conveniences over libclang's C API, so the parser reads as a walk over declarations.
extension CXCursor {
    /// The direct children, in source order.
    var children: [CXCursor] {
        var result: [CXCursor] = []
        withUnsafeMutablePointer(to: &result) { pointer in
            _ = clang_visitChildren(
                self,
                { child, _, data in
                    data!.assumingMemoryBound(to: [CXCursor].self).pointee.append(child)
                    return CXChildVisit_Continue
                }, pointer)
        }
        return result
    }

    /// The declaration's name (empty for an unnamed declaration in some clang versions).
    var spelling: String { clang_getCursorSpelling(self).consumed }

    /// Unified Symbol Resolution: identifies a declaration, also an unnamed one.
    var usr: String { clang_getCursorUSR(self).consumed }

    /// The kind of declaration.
    var kind: CXCursorKind { clang_getCursorKind(self) }

    /// Whether the declaration is in a system header (`<stdint.h>` and friends), which the parser skips.
    var isInSystemHeader: Bool { clang_Location_isInSystemHeader(clang_getCursorLocation(self)) != 0 }

    /// Whether the declaration is in the file that was parsed, not in one it includes.
    var isInMainFile: Bool { clang_Location_isFromMainFile(clang_getCursorLocation(self)) != 0 }

    /// Where the declaration starts.
    var location: CLocation {
        var file: CXFile?
        var line: UInt32 = 0
        var column: UInt32 = 0
        clang_getSpellingLocation(clang_getCursorLocation(self), &file, &line, &column, nil)
        let name = file.map { clang_getFileName($0).consumed } ?? "<unknown>"
        return CLocation(file: name, line: Int(line), column: Int(column))
    }
}

extension CXString {
    /// The Swift string; disposes the libclang string.
    var consumed: String {
        defer { clang_disposeString(self) }
        guard let pointer = clang_getCString(self) else { return "" }
        return String(cString: pointer)
    }
}

extension CXType {
    /// The type as written, e.g. `uint8_t` or `struct Point`.
    var spelling: String { clang_getTypeSpelling(self).consumed }

    /// The type with typedefs resolved.
    var canonical: CXType { clang_getCanonicalType(self) }
}

/// Whether `name` is how clang 14+ spells an unnamed struct, union or enum (`(unnamed struct at …)`).
func isUnnamed(_ name: String) -> Bool {
    name.isEmpty || name.contains("(unnamed") || name.contains("(anonymous")
}
