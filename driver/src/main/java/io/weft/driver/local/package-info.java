/** Local mode ({@code local[N]}): the driver and N executor threads in one JVM, no cluster. */
package io.weft.driver.local;
