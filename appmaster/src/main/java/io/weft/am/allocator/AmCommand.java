package io.weft.am.allocator;

/** What the RM may order the AM in an Allocate answer. */
public enum AmCommand { NONE, RESYNC, SHUTDOWN }
