/** What an executor container runs: its command, environment and the user jar it localizes. */
package io.weft.am.launch;
