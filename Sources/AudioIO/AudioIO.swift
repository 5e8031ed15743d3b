// AudioIO module: see DESIGN notes in README.
