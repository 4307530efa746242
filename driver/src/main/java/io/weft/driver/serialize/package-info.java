/** Java serialization of tasks and results, resolving classes through the user's class loader. */
package io.weft.driver.serialize;
