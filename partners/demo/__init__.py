"""Demo data for `make run` and for trying the app: accounts for every role, and (from later features)
partners, lectures and award rounds."""
