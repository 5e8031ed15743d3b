import Foundation

/// Tags of containers read through ffprobe (ID3v1/ID3v2 in MP3, WAV and FLAC files, MP4/M4A
/// atoms, Ogg/Opus comments, ASF, Matroska, …): the container's tags, then the first audio
/// stream's, keys in lower case as ffprobe names them (`title`, `artist`, `album`, `date`,
/// `comment`, `genre`, `encoder`, …). ID3's private frames (`id3v2_priv.*`) are left out.
public enum FFprobeTags {
    /// Whether ffprobe is on PATH (and not disabled by AUDIOIO_DISABLE_FFMPEG).
    public static var available: Bool { FFmpegReader.tools != nil }

    /// The tags of `url`, or nil when ffprobe is not available. ffprobe failing is a warning.
    public static func read(_ url: URL) -> EmbeddedMetadata? {
        guard let tools = FFmpegReader.tools else { return nil }
        do {
            let json = try FFmpegReader.run(tools.ffprobe, ["-v", "error", "-print_format", "json", "-select_streams", "a:0",
                                                            "-show_entries", "format_tags:stream_tags", url.path],
                                            file: url.path, context: "")
            return parse(json: Data(json.utf8))
        } catch let error as AudioError {
            var m = EmbeddedMetadata()
            m.warnings.append("tags could not be read: " + error.message)
            return m
        } catch {
            var m = EmbeddedMetadata()
            m.warnings.append("tags could not be read: \(error)")
            return m
        }
    }

    /// ffprobe's `-print_format json` output: `{"format": {"tags": {…}}, "streams": [{"tags": {…}}]}`.
    public static func parse(json: Data) -> EmbeddedMetadata {
        var m = EmbeddedMetadata()
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            m.warnings.append("tags could not be read: ffprobe printed no JSON")
            return m
        }
        var sources: [[String: Any]] = []
        if let format = object["format"] as? [String: Any], let tags = format["tags"] as? [String: Any] { sources.append(tags) }
        if let streams = object["streams"] as? [[String: Any]], let tags = streams.first?["tags"] as? [String: Any] { sources.append(tags) }
        for tags in sources {
            // ID3 PRIV frames (XMP packets, players' private data) are binary blobs, not text about the recording.
            for key in tags.keys.sorted() where !key.lowercased().hasPrefix("id3v2_priv.") {
                if let value = tags[key] as? String { m.add(key.lowercased(), value) } else if let number = tags[key] as? NSNumber {
                    m.add(key.lowercased(), number.stringValue)
                }
            }
        }
        return m
    }
}
