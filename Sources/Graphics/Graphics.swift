// Graphics module: images and charts for reports (PNG, SVG, colour maps). Knows nothing about audio or models.
