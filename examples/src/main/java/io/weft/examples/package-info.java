/** Runnable sample applications: {@link io.weft.examples.Pi}, and more as the runtime grows. */
package io.weft.examples;
