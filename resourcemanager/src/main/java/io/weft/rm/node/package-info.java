/** NodeManagers as the RM sees them: lifecycle, the mutable entity owned by the core loop, and reports. */
package io.weft.rm.node;
