/// The arc model, lint and planner live here.
enum ArcgenPlotModule {}
