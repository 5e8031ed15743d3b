// GenreKit module: see DESIGN notes in README.
