/** Explicit lifecycle tables: one immutable (state, event) -> state table per entity, transitions logged in one place. */
package io.weft.rm.lifecycle;
