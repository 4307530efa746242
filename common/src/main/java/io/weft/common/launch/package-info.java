/** How Weft starts its own processes in containers: environment, command placeholders, AM arguments. */
package io.weft.common.launch;
