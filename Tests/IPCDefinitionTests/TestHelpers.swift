import IPCDefinition
import Testing

/// Loads in-memory definitions; the first file is the one asked for, the others can be imported.
func load(_ text: String, path: String = "t.ipcdef", others: [String: String] = [:]) throws(DiagnosticList)
    -> DefinitionSet
{
    var sources = others
    sources[path] = text
    return try DefinitionLoader(sources: sources).load(paths: [path])
}

/// The rendered diagnostics (`file:line:col: error: …` lines, notes included) for a definition that must fail.
func diagnostics(_ text: String, path: String = "t.ipcdef", others: [String: String] = [:]) -> [String] {
    do {
        _ = try load(text, path: path, others: others)
        Issue.record("expected diagnostics, but the definition loaded")
        return []
    } catch {
        return error.description.split(separator: "\n").map(String.init)
    }
}
