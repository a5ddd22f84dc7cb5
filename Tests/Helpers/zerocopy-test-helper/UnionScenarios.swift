import Definitions
import ZeroCopyIPC

// Round trips of a union, an optional and flags (Definitions/Shapes.ipcdef) between two processes, including a
// union tag that no case of the definition names, as a process built from a newer definition would write it.

typealias DrawingService = RequestResponseService<Shapes_Drawing, Shapes_Drawing>

func openDrawingService(_ node: Node, _ options: Options) -> DrawingService {
    do {
        return try node.serviceBuilder(ServiceName(options.service))
            .requestResponse(Shapes_Drawing.self, Shapes_Drawing.self)
            .requestUserHeader(Shapes_Drawings.RequestHeader.self).openOrCreate()
    } catch {
        fail("open service: \(error)")
    }
}

/// The shape of request `index`: every case in turn, and tag 200, which no case names.
func sampleShape(_ index: Int) -> Shapes_Shape {
    switch index % 4 {
    case 0: .circle(Shapes_Circle(radius: Float(index) + 0.5))
    case 1: .square(Double(index) * 2)
    case 2: .empty
    default: Shapes_Shape(.unknown(tag: 200))
    }
}

func sampleDrawing(_ index: Int) -> Shapes_Drawing {
    Shapes_Drawing(
        id: UInt32(index), shape: sampleShape(index), limit: index % 2 == 0 ? UInt32(index * 10) : nil,
        access: index % 3 == 0 ? [.read, .write] : .read)
}

/// The server's answer: the next shape, the limit present where it was absent and the other way round.
func answerDrawing(to drawing: Shapes_Drawing) -> Shapes_Drawing {
    var result = drawing
    result.shape = sampleShape(Int(drawing.id) + 1)
    result.limit = drawing.limit.value == nil ? FixedOptional(drawing.id) : nil
    return result
}

/// What a receiver sees, as one line: `circle 0.5`, `unknown 200`, `limit nil`.
func describeDrawing(_ drawing: Shapes_Drawing) -> String {
    let shape = switch drawing.shape.value {
    case .circle(let circle): "circle \(circle.radius)"
    case .square(let side): "square \(side)"
    case .empty: "empty"
    case .unknown(let tag): "unknown \(tag)"
    }
    return "\(drawing.id) \(shape) limit \(drawing.limit.value.map(String.init) ?? "nil") access \(drawing.access)"
}

func runUnionServer(_ options: Options) {
    let node = makeNode(options, "union-server")
    let service = openDrawingService(node, options)
    let server: Server<Shapes_Drawing, Shapes_Drawing>
    do { server = try service.serverBuilder().create() } catch { fail("server: \(error)") }
    say("READY")
    for served in 0..<options.int("count", 1) {
        guard let request = server.receive(timeout: .seconds(120)) else { fail("no request after \(served)") }
        let expected = sampleDrawing(Int(request.payload.id))
        guard request.payload == expected else {
            fail("request arrived changed: \(describeDrawing(request.payload)), sent \(describeDrawing(expected))")
        }
        guard request.userHeader(as: Shapes_Access.self) == expected.access else { fail("header differs") }
        say("GOT \(describeDrawing(request.payload))")
        do {
            let response = try request.loan()
            response.payload = answerDrawing(to: request.payload)
            try response.send()
        } catch {
            fail("respond: \(error)")
        }
    }
    waitFor("clients to leave") { service.numberOfClients == 0 }
}

func runUnionClient(_ options: Options) {
    let node = makeNode(options, "union-client")
    let service = openDrawingService(node, options)
    let client: Client<Shapes_Drawing, Shapes_Drawing>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    waitFor("a server") { service.numberOfServers >= 1 }
    for index in 0..<options.int("count", 1) {
        do {
            let request = try client.loan()
            request.payload = sampleDrawing(index)
            request.withUserHeader(as: Shapes_Access.self) { $0 = sampleDrawing(index).access }
            let pending = try request.send()
            guard let response = try pending.receive(timeout: .seconds(120)) else { fail("no response \(index)") }
            guard response.payload == answerDrawing(to: sampleDrawing(index)) else {
                fail("response \(index) differs: \(describeDrawing(response.payload))")
            }
            say("ANSWER \(describeDrawing(response.payload))")
        } catch {
            fail("\(error)")
        }
    }
    say("OK")
}
