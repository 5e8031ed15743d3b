// Learning module: see DESIGN notes in README.
