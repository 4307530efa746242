/** Runnable sample applications: {@link io.weft.examples.Pi}, {@link io.weft.examples.WordCount}, {@link io.weft.examples.SalesByCountry} (two shuffles) and {@link io.weft.examples.FaultDemo}. */
package io.weft.examples;
