/** The {@code weft} command line's client commands: submit, application, node. */
package io.weft.client.cli;
