import ZeroCopyIPC

let greeting = fixture_Greeting(text: "hello", count: 3, weights: [1, 2, 3])
let note = fixture_sub_Note(level: .high, value: -5)
print("greeting:", greeting)
print("note:", note)
print("sizes:", MemoryLayout<fixture_Greeting>.size, MemoryLayout<fixture_sub_Note>.size)
let problems = fixture_Greeting.zeroCopyLayout.mismatches + fixture_sub_Note.zeroCopyLayout.mismatches
print(problems.isEmpty ? "layouts: ok" : "layouts: \(problems)")
