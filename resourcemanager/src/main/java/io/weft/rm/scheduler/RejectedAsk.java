package io.weft.rm.scheduler;

/** An ask the RM withdrew ({@code count} containers of its key), and why; its AM is told. */
public record RejectedAsk(AskKey key, int count, String reason) {}
