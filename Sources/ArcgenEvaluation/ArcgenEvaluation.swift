/// Text-quality figures live here.
enum ArcgenEvaluationModule {}
