/**
 * Capacity queues: the queue file's parser and validator ({@link io.weft.rm.queue.QueueConfigParser}),
 * the immutable queue tree it yields ({@link io.weft.rm.queue.QueueSpec}), submit/administer ACLs,
 * and the per-pass queue snapshot the scheduler plans against.
 */
package io.weft.rm.queue;
