/**
 * An executor's storage as its tasks see it: {@link io.weft.driver.storage.ShuffleStore} (map outputs as
 * block files under the container's working directory, read locally or fetched block by block from the
 * executor that wrote them), {@link io.weft.driver.storage.BlockCache} (cached partitions) and the
 * {@link io.weft.driver.storage.MapStatus} a map task reports.
 */
package io.weft.driver.storage;
