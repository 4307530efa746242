package io.weft.jobserver;

import io.weft.driver.WeftContext;
import java.util.List;

/** What a running {@link Job} gets from the job server. */
public interface JobContext {
  /** The server's context, shared by every job: its executors run the job's datasets. Never stop it. */
  WeftContext weft();

  /** The arguments the job was submitted with. */
  List<String> args();

  /** The job's id on this server. */
  String jobId();

  /** Who submitted the job. */
  String user();

  /** Adds a line to the job's log ({@code GET /jobs/<id>/log}), as a line the job prints to System.out does. */
  void log(String line);
}
