/// The LSTM engine lives here.
enum ArcgenNeuralModule {}
