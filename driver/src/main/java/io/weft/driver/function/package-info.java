/** Serializable functional interfaces: the closures a dataset ships to executors. */
package io.weft.driver.function;
