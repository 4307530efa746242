package io.weft.nm.monitor;

/**
 * Busy processors expressed in this node's vcores (YARN's convention for utilization): with 8 vcores
 * offered on 4 processors, one busy processor is 2 vcores.
 */
record CpuScale(int nodeVcores, int processors) {
  CpuScale {
    if (nodeVcores < 1 || processors < 1) {
      throw new IllegalArgumentException("vcores " + nodeVcores + " and processors " + processors
          + " must be at least 1");
    }
  }

  float vcores(float busyProcessors) {
    return busyProcessors * nodeVcores / processors;
  }
}
