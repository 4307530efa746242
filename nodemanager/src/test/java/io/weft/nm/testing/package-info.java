/** Test stand-ins: a fake ResourceManager (tracker + staging), process checks, a sleeping JVM. */
package io.weft.nm.testing;
