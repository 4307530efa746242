package io.weft.am.client;

/** How the AM says its application ended when it unregisters (YARN's {@code FinalApplicationStatus}). */
public enum FinalApplicationStatus { SUCCEEDED, FAILED, KILLED }
