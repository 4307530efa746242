/**
 * The records of Weft's public client API, named as in Hadoop YARN's {@code org.apache.hadoop.yarn.api.records}
 * so a YARN user finds the getters they know: reports of applications, attempts, containers, nodes and queues,
 * the cluster's metrics, and the submission context. All are immutable and free of protobuf; ids are the
 * records of {@code io.weft.common.id}, sizes {@code io.weft.common.resource.Resource}. Points in time are
 * epoch milliseconds (a {@code long}, 0 when not known) as in YARN; durations are {@link java.time.Duration}.
 * docs/client-api.md maps YARN's names to these.
 */
package io.weft.client.records;
