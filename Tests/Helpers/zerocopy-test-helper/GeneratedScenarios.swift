import Definitions
import ZeroCopyIPC

// Round trips with a generated payload (Definitions/Sensors/Sensor.ipcdef): fixed strings, fixed vectors, nested
// structs, nested fixed arrays and an enum, all read and written in place in shared memory.

typealias ReadingService = RequestResponseService<Sensors_Reading, Sensors_Reading>

func openReadingService(_ node: Node, _ options: Options) -> ReadingService {
    do {
        return try node.serviceBuilder(ServiceName(options.service))
            .requestResponse(Sensors_Reading.self, Sensors_Reading.self).openOrCreate()
    } catch {
        fail("open service: \(error)")
    }
}

/// The reading a client sends as request `index`.
func sampleReading(_ index: Int) -> Sensors_Reading {
    var reading = Sensors_Reading()
    reading.id = UInt32(index)
    reading.status = Sensors_Status(.running)
    reading.position = Geometry_Point(x: 1.5, y: -2.25, z: Double(index))
    reading.label = FixedString("sensor-\(index)")!
    for sample in 0..<(index % 16) { try! reading.samples.append(Float(sample) * 0.5) }
    for row in 0..<3 {
        for column in 0..<3 { reading.calibration[row][column] = row == column ? 1 : Float(index) }
    }
    reading.valid = index % 2 == 0
    reading.timestampNs = UInt64(index) * 1_000_000_007
    return reading
}

/// The server's answer: the same reading with the label suffixed and the samples reversed.
func answer(to reading: Sensors_Reading) -> Sensors_Reading {
    var result = reading
    result.label = FixedString(reading.label.stringValue + "!")!
    result.samples = try! FixedVector(reading.samples.reversed())
    result.status = Sensors_Status(.degraded)
    return result
}

func runGeneratedServer(_ options: Options) {
    let node = makeNode(options, "generated-server")
    let service = openReadingService(node, options)
    let server: Server<Sensors_Reading, Sensors_Reading>
    do { server = try service.serverBuilder().create() } catch { fail("server: \(error)") }
    say("READY")
    for served in 0..<options.int("count", 1) {
        guard let request = server.receive(timeout: .seconds(120)) else { fail("no request after \(served)") }
        guard request.payload == sampleReading(Int(request.payload.id)) else {
            fail("request \(request.payload.id) arrived changed: \(request.payload)")
        }
        do {
            let response = try request.loan()
            response.payload = answer(to: request.payload)
            try response.send()
        } catch {
            fail("respond: \(error)")
        }
    }
    waitFor("clients to leave") { service.numberOfClients == 0 }
}

func runGeneratedClient(_ options: Options) {
    let node = makeNode(options, "generated-client")
    let service = openReadingService(node, options)
    let client: Client<Sensors_Reading, Sensors_Reading>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    waitFor("a server") { service.numberOfServers >= 1 }
    for index in 0..<options.int("count", 1) {
        do {
            let request = try client.loan()
            request.payload = sampleReading(index)
            let pending = try request.send()
            guard let response = try pending.receive(timeout: .seconds(120)) else { fail("no response \(index)") }
            guard response.payload == answer(to: sampleReading(index)) else {
                fail("response \(index) differs: \(response.payload)")
            }
        } catch {
            fail("\(error)")
        }
    }
    say("LAST \(answer(to: sampleReading(options.int("count", 1) - 1)))")
    say("OK")
}
