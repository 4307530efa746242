/** The auxiliary services this NodeManager runs (YARN's pattern), loaded by class name from its configuration. */
package io.weft.nm.auxservice;
