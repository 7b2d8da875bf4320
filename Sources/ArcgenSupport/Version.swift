/// arcgen's version: what `--version` prints and what every model file's recipe and manifest record.
public let arcgenVersion = "0.1.0"
