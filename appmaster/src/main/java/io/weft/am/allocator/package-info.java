/**
 * Executor negotiation: the allocate loop that asks the RM for executor containers (outstanding
 * totals, YARN semantics), launches them on their NMs, releases extras and reports the ones that end.
 */
package io.weft.am.allocator;
