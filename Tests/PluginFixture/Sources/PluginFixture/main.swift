import ZeroCopyIPC

let greeting = Fixture_Greeting(text: "hello", count: 3, weights: [1, 2, 3])
let note = Fixture_Sub_Note(level: .high, value: -5)
print("greeting:", greeting)
print("note:", note)
print("sizes:", MemoryLayout<Fixture_Greeting>.size, MemoryLayout<Fixture_Sub_Note>.size)
let problems = Fixture_Greeting.zeroCopyLayout.mismatches + Fixture_Sub_Note.zeroCopyLayout.mismatches
print(problems.isEmpty ? "layouts: ok" : "layouts: \(problems)")
