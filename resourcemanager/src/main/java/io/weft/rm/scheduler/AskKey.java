package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;

/** What identifies an ask, YARN-style: a later ask with the same key replaces the earlier one. */
public record AskKey(int priority, Resource capability, long allocationRequestId) {}
