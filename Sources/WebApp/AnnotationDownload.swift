import Catalog
import Foundation
import GenreKit

/// A catalogued recording's genre regions as the annotation file `genre classify --labels`
/// writes (Audacity label track, ELAN document, Sonic Visualiser region layer), made by the
/// same code (`LabelFormat.render`), for download from the recording page.
struct AnnotationDownload: Sendable {
    let format: LabelFormat
    /// NAME.txt, NAME.eaf or NAME.csv, NAME being the recording's file name without extension.
    let fileName: String
    let body: String

    /// The ELAN document links the recording where it is now (it may have moved since it was
    /// analysed): `MEDIA_URL` absolute, `RELATIVE_MEDIA_URL` as if the document were saved
    /// beside the recording, so it also opens after the folder is moved or copied whole.
    init(_ detail: RecordingDetail, format: LabelFormat) throws {
        var result = try JSONDecoder().decode(RecordingResult.self, from: Data(detail.resultJSON.utf8))
        let path = detail.files.first { $0.status == "present" }?.path ?? detail.files.first?.path ?? result.file
        result.file = path
        let media = URL(fileURLWithPath: path)
        self.format = format
        fileName = format.fileName(for: media)
        body = format.render(result, directory: media.deletingLastPathComponent())
    }

    /// Content-Disposition for saving as `fileName`: an ASCII fallback and the exact name in
    /// RFC 5987 form (names of field recordings are often not ASCII).
    var contentDisposition: String {
        let fallback = String(fileName.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 32 ? Character($0) : "_" })
        let exact = fileName.addingPercentEncoding(withAllowedCharacters: Self.attributeCharacters) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(exact)"
    }

    /// RFC 5987 attr-char.
    static let attributeCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")
}
