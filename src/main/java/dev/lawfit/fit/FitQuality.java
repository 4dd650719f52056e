package dev.lawfit.fit;

/** How well a fitted law describes its points: log RMSE, R^2 of log loss, mean and max ARE. */
final class FitQuality {
  private FitQuality() {}

  static FitResult.Quality of(Problem pb, double[] theta) {
    int n = pb.n;
    double ss = 0;
    double mean = 0;
    double sumAre = 0;
    double maxAre = 0;
    for (int i = 0; i < n; i++) {
      mean += pb.logLoss(i);
    }
    mean /= n;
    double tot = 0;
    for (int i = 0; i < n; i++) {
      double lp = pb.logPrediction(theta, i);
      double r = lp - pb.logLoss(i);
      ss += r * r;
      tot += (pb.logLoss(i) - mean) * (pb.logLoss(i) - mean);
      // ARE = |L_hat - L| / L (Choshen et al. 2024, arXiv 2410.11840)
      double are = Math.abs(Math.exp(lp) - pb.loss(i)) / pb.loss(i);
      sumAre += are;
      maxAre = Math.max(maxAre, are);
    }
    Double r2 = tot > 0 ? 1 - ss / tot : null;
    return new FitResult.Quality(n, Math.sqrt(ss / n), r2, sumAre / n, maxAre);
  }
}
