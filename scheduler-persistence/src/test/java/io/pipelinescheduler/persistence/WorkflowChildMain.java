package io.pipelinescheduler.persistence;

import io.pipelinescheduler.PipelineScheduler;
import java.util.List;

/**
 * A child JVM for {@link WorkflowAcrossInstancesIT}: a scheduler on a shared store with some of the
 * chain's job types registered, each printing {@code ran <type> <run id>}; optionally it defines
 * the chain extract → transform → load and runs extract once started. Prints {@code ready} once
 * started, then lives until it is killed or its input ends (the test JVM gone).
 *
 * <p>Arguments: the store (see {@link WorkflowAcrossInstancesIT#store}), the instance id, the job
 * types (comma-separated), {@code define} or {@code join}, {@code run} or {@code wait}.
 */
public final class WorkflowChildMain {
  private WorkflowChildMain() {}

  public static void main(String[] args) throws Exception {
    PipelineScheduler scheduler =
        PipelineScheduler.create(WorkflowAcrossInstancesIT.config(args[0], args[1]));
    for (String type : List.of(args[2].split(","))) {
      scheduler.registerJobType(
          type,
          (context, params) -> {
            System.out.println("ran " + type + " " + context.runId());
            System.out.flush();
          });
    }
    if (args[3].equals("define")) {
      WorkflowAcrossInstancesIT.defineChain(scheduler);
    }
    scheduler.start();
    System.out.println("ready");
    System.out.flush();
    if (args[4].equals("run")) {
      scheduler.runNow("extract");
    }
    // Lives until killed, or until the test's JVM goes and its end of the input pipe closes.
    while (System.in.read() != -1) {
      // nothing is sent; EOF ends it
    }
    scheduler.close();
  }
}
