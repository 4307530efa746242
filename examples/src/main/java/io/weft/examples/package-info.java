/** Runnable sample applications: {@link io.weft.examples.Pi}, {@link io.weft.examples.WordCount}, {@link io.weft.examples.SalesByCountry} (two shuffles), {@link io.weft.examples.FaultDemo}, {@link io.weft.examples.ShippedLookup} (--files), {@link io.weft.examples.ShuffleServiceDemo} (a shuffle read across pauses) and {@link io.weft.examples.GenerateText}. */
package io.weft.examples;
