/// Screenplay output lives here.
enum ArcgenScriptModule {}
