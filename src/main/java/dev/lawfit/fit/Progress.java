package dev.lawfit.fit;

/**
 * Told how much work a long job has and each time a unit of it is done, so that a front end can
 * show progress. Implementations must accept calls from several threads at once; the analysis never
 * depends on what they do.
 */
public interface Progress {
  /** Does nothing: the default of every job. */
  Progress NONE =
      new Progress() {
        @Override
        public void add(long units) {}

        @Override
        public void step() {}
      };

  /** Adds {@code units} units of work to the job's total (a job may announce its work in parts). */
  void add(long units);

  /** One unit is done. */
  void step();
}
