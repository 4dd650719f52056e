package dev.lawfit.analysis.hparams;

/** The data cannot give what was asked: a one-line message saying why and what to do. */
public class AnalysisException extends Exception {
  private static final long serialVersionUID = 1L;

  public AnalysisException(String message) {
    super(message);
  }
}
