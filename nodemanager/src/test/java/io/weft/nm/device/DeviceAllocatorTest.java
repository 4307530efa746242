package io.weft.nm.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceAllocatorTest {
  private static final DeviceInventory TWO_GPUS = new DeviceInventory(Map.of("gpu", List.of("0", "1")));

  private static ContainerId container(int n) {
    return ContainerId.parse("container_1700000000000_0001_01_00000" + n);
  }

  private static Resource gpus(long n) {
    return new Resource(1024, 1, Map.of("gpu", n));
  }

  @Test
  void liveContainersNeverShareADevice_andAReleasedOneIsGivenAgain() {
    DeviceAllocator devices = new DeviceAllocator(TWO_GPUS);
    assertThat(devices.assign(container(1), gpus(1))).contains(Map.of("gpu", List.of("0")));
    assertThat(devices.assign(container(2), gpus(1))).contains(Map.of("gpu", List.of("1")));
    assertThat(devices.assign(container(3), gpus(1))).as("none free").isEmpty();

    devices.release(container(1));
    assertThat(devices.assign(container(3), gpus(1))).contains(Map.of("gpu", List.of("0")));
    assertThat(devices.free()).isEqualTo(Map.of("gpu", List.of()));
  }

  @Test
  void anAskOfTwo_getsBoth_andAContainerAskingNoneTakesNothing() {
    DeviceAllocator devices = new DeviceAllocator(TWO_GPUS);
    assertThat(devices.assign(container(1), Resource.of(1024, 1))).contains(Map.of());
    assertThat(devices.assign(container(2), gpus(2))).contains(Map.of("gpu", List.of("0", "1")));
    assertThat(devices.assign(container(3), gpus(1))).isEmpty();
  }

  @Test
  void idsGoInNumericOrder() {
    DeviceAllocator devices = new DeviceAllocator(new DeviceInventory(Map.of("gpu", List.of("10", "9", "2"))));
    assertThat(devices.assign(container(1), gpus(2))).contains(Map.of("gpu", List.of("2", "9")));
  }

  @Test
  void restore_takesBackWhatARecoveredContainerHeld_andNeverGivesADeviceTwice() {
    DeviceAllocator devices = new DeviceAllocator(TWO_GPUS);
    devices.restore(container(1), Map.of("gpu", List.of("1")));
    devices.restore(container(2), Map.of("gpu", List.of("1", "7")));
    assertThat(devices.heldBy(container(2))).as("1 is container 1's, 7 is gone").isEqualTo(Map.of("gpu", List.of()));
    assertThat(devices.assign(container(3), gpus(1))).contains(Map.of("gpu", List.of("0")));
  }

  @Test
  void environment_namesTheDevices_andIsEmptyForAContainerHoldingNone() {
    assertThat(TWO_GPUS.environment(Map.of("gpu", List.of("0", "1"))))
        .isEqualTo(Map.of("WEFT_GPU_DEVICES", "0,1", "CUDA_VISIBLE_DEVICES", "0,1"));
    assertThat(TWO_GPUS.environment(Map.of())).isEqualTo(Map.of("WEFT_GPU_DEVICES", "", "CUDA_VISIBLE_DEVICES", ""));
    assertThat(DeviceInventory.NONE.environment(Map.of())).isEmpty();
    assertThat(DeviceInventory.variable("fpga.x")).isEqualTo("WEFT_FPGA_X_DEVICES");
  }
}
