/**
 * Java serialization of tasks, results and shuffle records. Everything read back goes through
 * {@link io.weft.driver.serialize.FilteredObjectInput}: classes through the user's class loader, the
 * class allow-list of {@link io.weft.driver.serialize.AdmittedClasses} and the size limits of
 * {@link io.weft.driver.serialize.DeserializationLimits}.
 */
package io.weft.driver.serialize;
