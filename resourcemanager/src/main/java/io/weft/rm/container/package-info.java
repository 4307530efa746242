/** The RM's containers: lifecycle, the mutable entity owned by the core loop, and immutable views. */
package io.weft.rm.container;
