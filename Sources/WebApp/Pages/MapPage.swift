import Catalog
import Foundation
import GenreKit
import Graphics
import Learning

/// `/map`: every recording among the training tracks, in the first two principal components of
/// the model's own feature space (the log-variance, standardised features its classifier and
/// its nearest-track search see). Training tracks are small dots coloured by their genre;
/// recordings are larger, outlined, coloured by their most likely genre, named on hover and
/// opened on click.
struct MapPage {
    let site: Site

    func html() throws -> String {
        let loaded = try site.model()
        let model = loaded.model
        var pca = PCA(componentCount: 2)
        try pca.fit(model.reference.vectors)
        let reference = pca.transform(model.reference.vectors)
        var points = (0..<reference.rows).map { i in
            ScatterPoint(x: reference[i, 0], y: reference[i, 1], category: model.reference.labels[i], label: model.reference.names[i])
        }
        let recordings = Dictionary(try site.catalog.recordings(CollectionQuery()).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Each recording at the mean of its windows in the model's space.
        try site.catalog.forEachRecordingWindows { id, rows in
            guard let r = recordings[id], let width = rows.first?.count, width == model.featureNames.count else { return }
            let transformed = model.pipeline.transformed(Matrix(rows: rows.count, columns: width, values: rows.flatMap { $0 }))
            let xy = pca.transform(Matrix(rows: 1, columns: width, values: transformed.columnMeans()))
            guard xy[0, 0].isFinite, xy[0, 1].isFinite else { return }
            points.append(ScatterPoint(x: xy[0, 0], y: xy[0, 1], category: model.classes.firstIndex(of: r.genre) ?? 0,
                                       label: r.name, link: "/recordings/\(r.id)", emphasised: true))
        }
        points.sort { ($0.emphasised ? 1 : 0, $0.label ?? "") < ($1.emphasised ? 1 : 0, $1.label ?? "") }
        let shown = points.filter(\.emphasised).count
        let ratio = pca.explainedVarianceRatio
        var doc = Page.document("Map — \(site.name)",
                                subtitle: "\(shown) recording\(shown == 1 ? "" : "s") among the \(reference.rows) training tracks of model \(loaded.metadata.name)",
                                current: .map)
        doc.svg(try SVGChart.scatter(points: points, categories: model.classes, title: "Recordings (large, outlined) among the training tracks",
                                     xTitle: String(format: "first principal component (%.0f%% of the variance)", 100 * ratio[0]),
                                     yTitle: String(format: "second principal component (%.0f%%)", 100 * ratio[1]),
                                     width: 1180, height: 720),
                caption: "Principal components of the model's feature space (log of the variance features, then standardised), fitted on the training tracks. Nearby points sound alike to the model; colours are genres (for recordings, their most likely genre). Recordings are named beside their point when there are up to 30 of them; hover any point for its name, click a recording to open it.")
        return doc.render()
    }
}
