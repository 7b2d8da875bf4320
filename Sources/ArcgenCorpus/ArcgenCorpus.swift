/// The tagged corpus format lives here.
enum ArcgenCorpusModule {}
