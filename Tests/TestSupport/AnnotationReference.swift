import Foundation

// Independent readings of the annotation exports (Audacity, ELAN, Sonic Visualiser), shared by
// the tests of `genre classify --labels` and of the web app's downloads.

/// The genre regions of a recording, from its result JSON alone.
public enum NaiveRegions {
    /// Regions by the documented rule, computed naively from a result's JSON (`genre classify --format json`): every 1 ms gets
    /// the genre of the window whose centre is nearest (earlier on ties), then runs are merged.
    public static func expected(fromJSON data: Data) throws -> [(start: Double, end: Double, label: String)] {
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let segments = json["segments"] as! [[String: Any]]
        let duration = json["duration_seconds"] as! Double
        let centres = segments.map { (($0["start_seconds"] as! Double) + ($0["end_seconds"] as! Double)) / 2 }
        var owner: [Int] = []
        for ms in 0..<Int((duration * 1000).rounded()) {
            let t = Double(ms) + 0.5
            owner.append(centres.indices.min { abs(centres[$0] * 1000 - t) < abs(centres[$1] * 1000 - t) }!)
        }
        var out: [(start: Double, end: Double, label: String)] = []
        var runStart = 0
        var members: [Int] = []
        for ms in 0...owner.count {
            let genre = ms < owner.count ? segments[owner[ms]]["genre"] as! String : ""
            let current = members.last.map { segments[$0]["genre"] as! String }
            if ms == owner.count || (current != nil && genre != current) {
                let g = current!
                let mean = members.map { (segments[$0]["probabilities"] as! [String: Double])[g]! }.reduce(0, +) / Double(members.count)
                out.append((Double(runStart) / 1000, ms == owner.count ? duration : Double(ms) / 1000, g + " " + String(format: "%.2f", mean)))
                runStart = ms
                members = []
            }
            if ms < owner.count, members.last != owner[ms] { members.append(owner[ms]) }
        }
        return out
    }
}

/// pympi-ling run by python3, when both are there.
public struct Pympi {
    let python: String

    public static var available: Pympi? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import pympi"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? Pympi(python: "python3") : nil
    }

    public struct Annotation: Decodable { public var start: Int; public var end: Int; public var value: String }
    public struct Media: Decodable { public var absolute: String; public var resolvedRelative: String?; public var mime: String }
    public struct Document: Decodable { public var tiers: [String: [Annotation]]; public var media: [Media] }

    /// Tiers (annotations in time order), and the media links resolved to paths.
    public func read(_ eaf: URL) throws -> Document {
        let script = """
            import json, os, sys, urllib.parse
            import pympi
            eaf = pympi.Elan.Eaf(sys.argv[1])
            folder = os.path.dirname(os.path.abspath(sys.argv[1]))
            tiers = {t: [{"start": a[0], "end": a[1], "value": a[2]} for a in sorted(eaf.get_annotation_data_for_tier(t))]
                     for t in eaf.get_tier_names()}
            media = []
            for d in eaf.media_descriptors:
                absolute = urllib.parse.unquote(urllib.parse.urlparse(d["MEDIA_URL"]).path)
                rel = d.get("RELATIVE_MEDIA_URL")
                resolved = os.path.normpath(os.path.join(folder, urllib.parse.unquote(rel))) if rel else None
                media.append({"absolute": absolute, "resolvedRelative": resolved, "mime": d["MIME_TYPE"]})
            print(json.dumps({"tiers": tiers, "media": media}))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python, "-c", script, eaf.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw PympiError(message: "\(eaf.path): pympi could not read it: " + String(decoding: errors, as: UTF8.self))
        }
        return try JSONDecoder().decode(Document.self, from: data)
    }
}

public struct PympiError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
