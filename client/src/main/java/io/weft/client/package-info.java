/** {@link io.weft.client.WeftClient}: the programmatic client of a Weft ResourceManager. */
package io.weft.client;
