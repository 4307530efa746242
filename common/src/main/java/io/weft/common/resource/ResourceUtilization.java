package io.weft.common.resource;

/**
 * What is measured in use (not what is allocated), as YARN's ResourceUtilization: physical and
 * virtual memory in MB, and CPU in vcores (1.0 = one vcore's share of the node's processors busy).
 */
public record ResourceUtilization(long pmemMb, long vmemMb, float cpuVcores) {
  public static final ResourceUtilization NONE = new ResourceUtilization(0, 0, 0f);

  public ResourceUtilization {
    if (pmemMb < 0 || vmemMb < 0 || cpuVcores < 0 || Float.isNaN(cpuVcores)) {
      throw new IllegalArgumentException("utilization must not be negative: pmem " + pmemMb + " MB, vmem "
          + vmemMb + " MB, cpu " + cpuVcores + " vcores");
    }
  }

  public ResourceUtilization add(ResourceUtilization other) {
    return new ResourceUtilization(pmemMb + other.pmemMb, vmemMb + other.vmemMb, cpuVcores + other.cpuVcores);
  }
}
