/** Typed ids in YARN's textual forms: applications, attempts, containers, nodes. */
package io.weft.common.id;
