/**
 * What a driver started from a terminal draws there: the console progress line of its active stages
 * ({@link io.weft.driver.console.ConsoleProgressBar}), and how it tells that stderr is a terminal.
 */
package io.weft.driver.console;
